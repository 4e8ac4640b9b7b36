package dev.jobtower.adapters.anon;

import dev.jobtower.adapters.anon.demo.AnonDemo;
import dev.jobtower.adapters.anon.demo.AnonSimulator;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.vendor.AdapterModule;
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
public final class AnonModule extends AdapterModule {
    /** anon's name in the API. */
    public static final Provider PROVIDER = Provider.of("anon");

    public AnonModule(AnonJobProvider jobProvider, @Nullable AnonSimulator simulator) {
        super(PROVIDER, "anon", jobProvider, Optional.ofNullable(simulator).map(AnonDemo::new));
    }
}
