package dev.jobtower.domain.query;

import java.util.Arrays;
import java.util.Optional;

/** The orders a job listing can take; each is paged by the keyset {@code (sort key, id)}. */
public enum JobSort {
    CREATED_AT_DESC("-createdAt"),
    CREATED_AT_ASC("createdAt"),
    UPDATED_AT_DESC("-updatedAt"),
    UPDATED_AT_ASC("updatedAt");

    private final String wireName;

    JobSort(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean descending() {
        return this == CREATED_AT_DESC || this == UPDATED_AT_DESC;
    }

    public boolean byUpdatedAt() {
        return this == UPDATED_AT_DESC || this == UPDATED_AT_ASC;
    }

    public static Optional<JobSort> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
