package dev.jobtower.domain.job;

import java.time.Instant;
import java.util.Objects;

/** One row of a job's history: written each time {@code (status, statusReason)} changed. */
public record StatusChange(Instant at, JobStatus status, StatusReason statusReason, String vendorStatus, Source source) {
    public StatusChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
    }
}
