package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** An automated job ({@code GET /jobs/automated/{job_id}}, and the items of the list's {@code data}). */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AutomatedAsyncJob(
        @JsonProperty("job_id") @Nullable String jobId,
        @JsonProperty("job_url") @Nullable String jobUrl,
        @JsonProperty("type") @Nullable String type,
        @JsonProperty("status") @Nullable String status,
        @JsonProperty("created_at") @Nullable String createdAt,
        @JsonProperty("scheduled_at") @Nullable String scheduledAt,
        @JsonProperty("started_at") @Nullable String startedAt,
        @JsonProperty("completed_at") @Nullable String completedAt,
        @JsonProperty("params") @Nullable AutomatedJobParams params) {
}
