package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.WebhookRouting;

/** Outbound port: the {@link JobProvider} that speaks to each vendor. */
@FunctionalInterface
public interface ProviderDirectory {
    JobProvider of(Provider provider);

    /** How the provider's webhooks find their connections (its vendor module says); by default the path's. */
    default WebhookRouting webhookRouting(Provider provider) {
        return WebhookRouting.PATH_CONNECTION;
    }
}
