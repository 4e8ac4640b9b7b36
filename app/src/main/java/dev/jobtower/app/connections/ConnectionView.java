package dev.jobtower.app.connections;

import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.provider.FailureCategory;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A connection as the API shows it: never its credentials or webhook secret. */
@Serdeable
public record ConnectionView(UUID id, String provider, String name, Instant createdAt, String webhookUrl,
                             String vendorConnectionId, QuotaView quota, HealthView health) {

    /**
     * This connection's vendor calls on this instance (API.md "Isolation"): its own circuit, when a call
     * last succeeded and failed, and the last failure's category (never vendor text).
     */
    @Serdeable
    public record HealthView(String circuit, Instant lastSuccessAt, Instant lastFailureAt, FailureCategory lastError) {
        /** A connection that made no vendor call on this instance yet. */
        public static final HealthView UNUSED = new HealthView("CLOSED", null, null, null);
    }

    /** A vendor's enqueue quota. */
    @Serdeable
    public record QuotaView(Integer allowedRefreshes, Integer remainingRefreshes, Instant retryAt) {
        static QuotaView of(Quota quota) {
            return quota == null ? null : new QuotaView(quota.allowedRefreshes(), quota.remainingRefreshes(), quota.retryAt());
        }
    }
}
