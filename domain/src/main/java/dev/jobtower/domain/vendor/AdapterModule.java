package dev.jobtower.domain.vendor;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.provider.VendorModule;

import java.util.Objects;
import java.util.Optional;

/**
 * What every adapter's {@link VendorModule} holds, written once: its name in the API, its label, its adapter and,
 * when its simulator runs in this process, its demo. An adapter's module extends it and overrides only what its
 * vendor does differently (limits, webhook routing, job types).
 */
public abstract class AdapterModule implements VendorModule {
    private final Provider provider;
    private final String label;
    private final JobProvider jobProvider;
    private final Optional<VendorDemo> demo;

    protected AdapterModule(Provider provider, String label, JobProvider jobProvider, Optional<VendorDemo> demo) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.label = Objects.requireNonNull(label, "label");
        this.jobProvider = Objects.requireNonNull(jobProvider, "jobProvider");
        this.demo = Objects.requireNonNull(demo, "demo");
    }

    @Override
    public final Provider provider() {
        return provider;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final JobProvider jobProvider() {
        return jobProvider;
    }

    @Override
    public final Optional<VendorDemo> demo() {
        return demo;
    }
}
