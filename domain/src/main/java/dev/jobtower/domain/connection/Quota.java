package dev.jobtower.domain.connection;

import java.time.Instant;

/** A vendor's enqueue quota for one connection, as it last reported it (Finch's refreshes). */
public record Quota(Integer allowedRefreshes, Integer remainingRefreshes, Instant retryAt) {
}
