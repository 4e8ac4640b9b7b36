package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of {@code GET /jobs/automated?limit=&offset=}: newest first, no total count. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AutomatedListResponse(
        @JsonProperty("meta") @Nullable Meta meta,
        @JsonProperty("data") @Nullable List<AutomatedAsyncJob> data) {

    /** The list's metadata: refresh quotas, only for customers with the data-sync refresh add-on. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Meta(@JsonProperty("quotas") @Nullable Quotas quotas) {
    }

    /** Refresh quotas per job type. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quotas(@JsonProperty("data_sync_all") @Nullable RefreshQuota dataSyncAll) {
    }

    /** Refreshes allowed and left in the current fixed window. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RefreshQuota(
            @JsonProperty("allowed_refreshes") @Nullable Integer allowedRefreshes,
            @JsonProperty("remaining_refreshes") @Nullable Integer remainingRefreshes) {
    }
}
