package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Finch webhook body. {@code data} depends on {@code event_type}; job events carry
 * {@code {job_id, job_url}}, which {@link #jobId()} reads.
 *
 * The 2026 spec's {@code BaseWebhookEvent} requires {@code company_id} and {@code account_id} (only the latter
 * deprecated) and makes {@code connection_id} and {@code entity_id} optional; all four are read, none required.
 *
 * @param connectionId the connection the event is about (routes the event when present)
 * @param entityId     set only for multi-entity connections
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WebhookEvent(
        @JsonProperty("company_id") @Nullable String companyId,
        @JsonProperty("account_id") @Nullable String accountId,
        @JsonProperty("connection_id") @Nullable String connectionId,
        @JsonProperty("entity_id") @Nullable String entityId,
        @JsonProperty("event_type") @Nullable String eventType,
        @JsonProperty("data") @Nullable Object data) {

    /** The body of a job event: {@code data.job_id} and {@code data.job_url}. */
    public static WebhookEvent jobEvent(String connectionId, String eventType, String jobId, String jobUrl) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", jobId);
        data.put("job_url", jobUrl);
        return new WebhookEvent(null, null, connectionId, null, eventType, data);
    }

    /** {@code data.job_id} when {@code data} is an object holding a string there, else {@code null}. */
    public String jobId() {
        if (data instanceof Map<?, ?> map && map.get("job_id") instanceof String id) {
            return id;
        }
        return null;
    }
}
