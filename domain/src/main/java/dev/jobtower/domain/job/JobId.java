package dev.jobtower.domain.job;

import java.util.Objects;
import java.util.UUID;

/** The id Jobtower mints for a job it follows. */
public record JobId(UUID value) {
    public JobId {
        Objects.requireNonNull(value, "job id");
    }

    public static JobId of(String text) {
        return new JobId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
