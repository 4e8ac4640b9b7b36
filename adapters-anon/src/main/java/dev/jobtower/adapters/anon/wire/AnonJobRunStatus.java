package dev.jobtower.adapters.anon.wire;

/** The documented words of a job run's {@code status}. Others may appear; they are kept verbatim. */
public final class AnonJobRunStatus {
    public static final String PENDING = "PENDING";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    private AnonJobRunStatus() {
    }
}
