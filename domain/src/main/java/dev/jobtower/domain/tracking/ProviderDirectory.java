package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;

/** Outbound port: the {@link JobProvider} that speaks to each vendor. */
@FunctionalInterface
public interface ProviderDirectory {
    JobProvider of(Provider provider);
}
