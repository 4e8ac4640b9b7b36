package dev.jobtower.domain.provider;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * How far a vendor list scan reaches.
 *
 * @param since      jobs created before this are not looked for (the discovery look-back)
 * @param watchedIds ids the connection follows beyond single jobs (anon job ids)
 * @param maxJobs    an upper bound on the jobs one scan returns
 */
public record DiscoveryScope(Instant since, Set<String> watchedIds, int maxJobs) {
    public DiscoveryScope {
        Objects.requireNonNull(since, "since");
        watchedIds = Set.copyOf(watchedIds);
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be positive");
        }
    }
}
