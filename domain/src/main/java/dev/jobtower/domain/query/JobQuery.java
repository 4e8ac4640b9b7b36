package dev.jobtower.domain.query;

import java.util.Objects;

/** A page request: filters, order, size, and where the previous page ended ({@code after}, may be null). */
public record JobQuery(JobFilter filter, JobSort sort, int limit, Keyset after) {
    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    public JobQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sort, "sort");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
