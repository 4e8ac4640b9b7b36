package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of {@code GET /transform/v1/jobs} ({@code TransformJobCollection}), newest first. Its items are
 * summaries; an absent or empty {@code next_cursor} ends the listing.
 */
@Serdeable
public record TransformJobCollection(
        @JsonProperty("list") List<TransformJob> list,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("limit") Integer limit,
        @JsonProperty("cursor") String cursor,
        @JsonProperty("next_cursor") String nextCursor) {

    public List<TransformJob> items() {
        return list == null ? List.of() : list.stream().filter(j -> j != null).toList();
    }
}
