package dev.jobtower.app.connections;

import dev.jobtower.domain.connection.Quota;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A connection as the API shows it: never its credentials or webhook secret. */
@Serdeable
public record ConnectionView(UUID id, String provider, String name, Instant createdAt, String webhookUrl,
                             String vendorConnectionId, QuotaView quota) {

    /** A vendor's enqueue quota. */
    @Serdeable
    public record QuotaView(Integer allowedRefreshes, Integer remainingRefreshes, Instant retryAt) {
        static QuotaView of(Quota quota) {
            return quota == null ? null : new QuotaView(quota.allowedRefreshes(), quota.remainingRefreshes(), quota.retryAt());
        }
    }
}
