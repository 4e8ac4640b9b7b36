package dev.jobtower.app.connections;

import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.provider.FailureCategory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A connection as the API shows it: never its credentials or webhook secret. */
@Serdeable
public record ConnectionView(UUID id, @Schema(requiredMode = REQUIRED, ref = ApiDocs.PROVIDER) String provider,
                             String name, Instant createdAt, String webhookUrl,
                             @Nullable @Schema(requiredMode = REQUIRED) String vendorConnectionId,
                             QuotaView quota, HealthView health) {

    /**
     * This connection's vendor calls on this instance (API.md "Isolation"): its own circuit, when a call
     * last succeeded and failed, and the last failure's category (never vendor text).
     */
    @Serdeable
    public record HealthView(@Schema(requiredMode = REQUIRED, allowableValues = {"CLOSED", "OPEN", "HALF_OPEN"}) String circuit,
                             @Nullable @Schema(requiredMode = REQUIRED) Instant lastSuccessAt,
                             @Nullable @Schema(requiredMode = REQUIRED) Instant lastFailureAt,
                             @Schema(requiredMode = REQUIRED, ref = ApiDocs.NULLABLE_FAILURE_CATEGORY) String lastError) {
        /** A connection that made no vendor call on this instance yet. */
        public static final HealthView UNUSED = new HealthView("CLOSED", null, null, null);

        static HealthView of(String circuit, Instant lastSuccessAt, Instant lastFailureAt, FailureCategory lastError) {
            return new HealthView(circuit, lastSuccessAt, lastFailureAt, lastError == null ? null : lastError.name());
        }
    }

    /** A vendor's enqueue quota. */
    @Serdeable
    @Schema(nullable = true, description = "The vendor's enqueue quota where it reports one, else null.")
    public record QuotaView(@Nullable @Schema(requiredMode = REQUIRED) Integer allowedRefreshes,
                            @Nullable @Schema(requiredMode = REQUIRED) Integer remainingRefreshes,
                            @Nullable @Schema(requiredMode = REQUIRED) Instant retryAt) {
        static QuotaView of(Quota quota) {
            return quota == null ? null : new QuotaView(quota.allowedRefreshes(), quota.remainingRefreshes(), quota.retryAt());
        }
    }
}
