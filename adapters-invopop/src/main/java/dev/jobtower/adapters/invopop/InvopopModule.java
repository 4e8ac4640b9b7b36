package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.demo.InvopopDemo;
import dev.jobtower.adapters.invopop.demo.InvopopSimulator;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.provider.VendorModule;
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
public final class InvopopModule implements VendorModule {
    /** Invopop's name in the API. */
    public static final Provider PROVIDER = Provider.of("invopop");

    private final InvopopJobProvider jobProvider;
    private final Optional<VendorDemo> demo;

    public InvopopModule(InvopopJobProvider jobProvider, @Nullable InvopopSimulator simulator) {
        this.jobProvider = jobProvider;
        this.demo = Optional.ofNullable(simulator).map(InvopopDemo::new);
    }

    @Override
    public Provider provider() {
        return PROVIDER;
    }

    @Override
    public String label() {
        return "Invopop";
    }

    @Override
    public JobProvider jobProvider() {
        return jobProvider;
    }

    @Override
    public Optional<VendorDemo> demo() {
        return demo;
    }
}
