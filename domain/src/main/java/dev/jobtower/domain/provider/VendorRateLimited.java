package dev.jobtower.domain.provider;

import dev.jobtower.domain.connection.Quota;

import java.time.Instant;

/** The vendor's enqueue quota is spent (Finch 429 with {@code retry_at}); no job was created. */
public final class VendorRateLimited extends ProviderException {
    private final Instant retryAt;
    private final Quota quota;

    public VendorRateLimited(Instant retryAt, Quota quota) {
        super("vendor quota spent" + (retryAt == null ? "" : " until " + retryAt));
        this.retryAt = retryAt;
        this.quota = quota;
    }

    public Instant retryAt() {
        return retryAt;
    }

    public Quota quota() {
        return quota;
    }
}
