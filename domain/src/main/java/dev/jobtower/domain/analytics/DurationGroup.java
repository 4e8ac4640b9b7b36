package dev.jobtower.domain.analytics;

import dev.jobtower.domain.query.GroupKey;

import java.util.Map;

/** Durations of one group of finished jobs, in seconds; {@code keys} holds only the grouped keys. */
public record DurationGroup(Map<GroupKey, String> keys, long count, double p50Seconds, double p95Seconds,
                            double maxSeconds) {
    public DurationGroup {
        keys = Map.copyOf(keys.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
