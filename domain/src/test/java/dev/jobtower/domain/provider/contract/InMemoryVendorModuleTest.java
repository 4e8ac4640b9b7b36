package dev.jobtower.domain.provider.contract;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.VendorModule;

/** The contract's own check: a module around the in-memory vendor, with every default, passes it. */
class InMemoryVendorModuleTest implements VendorModuleContract {
    @Override
    public VendorModule module() {
        InMemoryJobProvider vendor = new InMemoryJobProvider(Provider.of("fake"));
        return new VendorModule() {
            @Override
            public Provider provider() {
                return vendor.provider();
            }

            @Override
            public String label() {
                return "Fake";
            }

            @Override
            public JobProvider jobProvider() {
                return vendor;
            }
        };
    }
}
