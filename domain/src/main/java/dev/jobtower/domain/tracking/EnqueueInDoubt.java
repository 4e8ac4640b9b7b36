package dev.jobtower.domain.tracking;

import dev.jobtower.domain.provider.ProviderException;

/**
 * A create call with a pre-assigned id failed in a way that leaves its outcome unknown (timeout,
 * connection loss, 5xx): the vendor may have created the job. Its row stays for the poller to settle,
 * and a retry should send the same id again ({@link EnqueueCommand#reuseExternalId()}).
 */
public final class EnqueueInDoubt extends RuntimeException {
    private final String externalId;

    public EnqueueInDoubt(String externalId, ProviderException cause) {
        super("the create of " + externalId + " may or may not have reached the vendor", cause, false, false);
        this.externalId = externalId;
    }

    public String externalId() {
        return externalId;
    }

    @Override
    public synchronized ProviderException getCause() {
        return (ProviderException) super.getCause();
    }
}
