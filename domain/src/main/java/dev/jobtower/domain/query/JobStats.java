package dev.jobtower.domain.query;

import java.util.List;
import java.util.Map;

/** Job counts: the total and one group per combination of the grouped keys' values. */
public record JobStats(long total, List<Group> groups) {
    public JobStats {
        groups = List.copyOf(groups);
    }

    /** @param keys the grouped keys' values (wire values: {@code finch}, {@code FAILED}, a uuid; may be null) */
    public record Group(Map<GroupKey, String> keys, long count) {
    }
}
