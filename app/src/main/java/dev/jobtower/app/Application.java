package dev.jobtower.app;

import io.micronaut.runtime.Micronaut;

/** Starts Jobtower. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).start();
    }
}
