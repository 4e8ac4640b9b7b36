package dev.jobtower.domain.query;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in a sorted listing: the last row's sort value and id. {@code asOf} is when page 1 was
 * read; an updatedAt-sorted listing ignores rows changed after it, so no job is listed twice.
 */
public record Keyset(Instant sortValue, UUID id, Instant asOf) {
    public Keyset {
        Objects.requireNonNull(sortValue, "sortValue");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(asOf, "asOf");
    }
}
