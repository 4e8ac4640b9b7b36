package dev.jobtower.app;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The clock everything reads time from; ticks in microseconds, the database's precision. */
@Factory
public class ClockFactory {
    @Singleton
    public Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }
}
