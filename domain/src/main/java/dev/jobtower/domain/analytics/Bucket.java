package dev.jobtower.domain.analytics;

import dev.jobtower.domain.query.JobStats;

import java.time.Instant;
import java.util.List;

/** One bucket of a timeseries: its start and the counts per group (empty when no job fell in it). */
public record Bucket(Instant start, List<JobStats.Group> groups) {
    public Bucket {
        groups = List.copyOf(groups);
    }
}
