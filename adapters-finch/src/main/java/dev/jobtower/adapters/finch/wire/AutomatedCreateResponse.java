package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What {@code POST /jobs/automated} answers with 201 (created), 202 (an existing job) and 429 (quota
 * spent: no {@code job_id} guaranteed, {@code retry_at} set). {@code job_Id} is accepted because Finch's
 * own 202 example spells it so.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutomatedCreateResponse(
        @JsonProperty("job_id") @JsonAlias("job_Id") @Nullable String jobId,
        @JsonProperty("job_url") @Nullable String jobUrl,
        @JsonProperty("allowed_refreshes") @Nullable Integer allowedRefreshes,
        @JsonProperty("remaining_refreshes") @Nullable Integer remainingRefreshes,
        @JsonProperty("retry_at") @Nullable String retryAt) {
}
