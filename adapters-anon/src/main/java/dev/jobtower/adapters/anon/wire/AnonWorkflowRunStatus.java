package dev.jobtower.adapters.anon.wire;

/** The documented words of a workflow run's {@code status}. Others may appear; they are kept verbatim. */
public final class AnonWorkflowRunStatus {
    public static final String PENDING = "PENDING";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String AWAITING_USER_INPUT = "AWAITING_USER_INPUT";
    public static final String COMPLETED_WITH_NO_ACTION_TAKEN = "COMPLETED_WITH_NO_ACTION_TAKEN";

    private AnonWorkflowRunStatus() {
    }
}
