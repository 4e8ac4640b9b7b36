package dev.jobtower.domain.analytics;

import java.util.Arrays;
import java.util.Optional;

/** The job time a timeseries counts by. */
public enum TimeField {
    CREATED_AT("createdAt"), COMPLETED_AT("completedAt");

    private final String wireName;

    TimeField(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<TimeField> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }
}
