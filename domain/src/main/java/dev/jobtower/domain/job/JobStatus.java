package dev.jobtower.domain.job;

import java.util.Arrays;
import java.util.Optional;

/** The unified lifecycle of a job, whatever its vendor. */
public enum JobStatus {
    QUEUED, RUNNING, WAITING, SUCCEEDED, FAILED, CANCELLED, UNKNOWN;

    /** A terminal status never moves back to a non-terminal one. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public static Optional<JobStatus> parse(String word) {
        return Arrays.stream(values()).filter(s -> s.name().equals(word)).findFirst();
    }
}
