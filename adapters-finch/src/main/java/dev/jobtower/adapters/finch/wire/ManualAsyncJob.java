package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A manual job ({@code GET /jobs/manual/{job_id}}), done by a human at Finch (assisted benefits jobs).
 *
 * @param body per-item outcomes of a batch job, typed {@code any[]} by Finch; in practice objects with
 *             {@code individual_id}, an HTTP-like {@code code} and a {@code message}
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ManualAsyncJob(
        @JsonProperty("job_id") @Nullable String jobId,
        @JsonProperty("status") @Nullable String status,
        @JsonProperty("body") @Nullable List<Object> body) {
}
