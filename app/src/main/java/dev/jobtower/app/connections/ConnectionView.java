package dev.jobtower.app.connections;

import dev.jobtower.domain.connection.Quota;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A connection as the API shows it: never its credentials or webhook secret. */
@Serdeable
public record ConnectionView(UUID id, @Schema(requiredMode = REQUIRED, allowableValues = {"finch", "anon", "invopop"}) String provider,
                             String name, Instant createdAt, String webhookUrl,
                             @Nullable @Schema(requiredMode = REQUIRED) String vendorConnectionId,
                             QuotaView quota) {

    /** A vendor's enqueue quota. */
    @Serdeable
    @Schema(nullable = true, description = "The vendor's enqueue quota where it reports one (Finch), else null.")
    public record QuotaView(@Nullable @Schema(requiredMode = REQUIRED) Integer allowedRefreshes,
                            @Nullable @Schema(requiredMode = REQUIRED) Integer remainingRefreshes,
                            @Nullable @Schema(requiredMode = REQUIRED) Instant retryAt) {
        static QuotaView of(Quota quota) {
            return quota == null ? null : new QuotaView(quota.allowedRefreshes(), quota.remainingRefreshes(), quota.retryAt());
        }
    }
}
