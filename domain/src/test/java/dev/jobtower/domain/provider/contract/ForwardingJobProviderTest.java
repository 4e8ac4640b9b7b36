package dev.jobtower.domain.provider.contract;

import dev.jobtower.domain.provider.ForwardingJobProvider;
import dev.jobtower.domain.provider.JobProvider;

/** A wrapper that overrides nothing passes the contract the wrapped adapter passes: every call is forwarded. */
class ForwardingJobProviderTest extends InMemoryJobProviderTest {
    @Override
    public JobProvider provider() {
        return new ForwardingJobProvider(super.provider()) {
        };
    }
}
