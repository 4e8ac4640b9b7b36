package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.demo.InvopopDemo;
import dev.jobtower.adapters.invopop.demo.InvopopSimulator;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.vendor.AdapterModule;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Invopop, as the app needs to know it: default limits (per connection), webhooks per connection; a job's type
 * is the workflow id it runs, so there is no list of job types.
 */
@Singleton
@Order(3)
public final class InvopopModule extends AdapterModule {
    /** Invopop's name in the API. */
    public static final Provider PROVIDER = Provider.of("invopop");

    public InvopopModule(InvopopJobProvider jobProvider, @Nullable InvopopSimulator simulator) {
        super(PROVIDER, "Invopop", jobProvider, Optional.ofNullable(simulator).map(InvopopDemo::new));
    }
}
