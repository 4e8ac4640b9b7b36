package dev.jobtower.adapters.anon;

import dev.jobtower.adapters.anon.demo.AnonDemo;
import dev.jobtower.adapters.anon.demo.AnonSimulator;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.provider.VendorModule;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * anon, as the app needs to know it: default limits (per connection), webhooks per connection; a job's type
 * is the anon job id whose run it is, so there is no list of job types.
 */
@Singleton
@Order(2)
public final class AnonModule implements VendorModule {
    /** anon's name in the API. */
    public static final Provider PROVIDER = Provider.of("anon");

    private final AnonJobProvider jobProvider;
    private final Optional<VendorDemo> demo;

    public AnonModule(AnonJobProvider jobProvider, @Nullable AnonSimulator simulator) {
        this.jobProvider = jobProvider;
        this.demo = Optional.ofNullable(simulator).map(AnonDemo::new);
    }

    @Override
    public Provider provider() {
        return PROVIDER;
    }

    @Override
    public String label() {
        return "anon";
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
