package dev.jobtower.domain.job;

import java.util.Objects;

/** A unified status with its optional reason: what every vendor status mapping returns. */
public record UnifiedStatus(JobStatus status, StatusReason reason) {
    public UnifiedStatus {
        Objects.requireNonNull(status, "status");
    }

    public static UnifiedStatus of(JobStatus status) {
        return new UnifiedStatus(status, null);
    }

    public static UnifiedStatus of(JobStatus status, StatusReason reason) {
        return new UnifiedStatus(status, reason);
    }

    public static UnifiedStatus unknown() {
        return new UnifiedStatus(JobStatus.UNKNOWN, null);
    }
}
