package dev.jobtower.adapters.anon;

import dev.jobtower.adapters.anon.wire.AnonJobRunStatus;
import dev.jobtower.adapters.anon.wire.AnonWorkflow;
import dev.jobtower.adapters.anon.wire.AnonWorkflowRunStatus;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.UnifiedStatus;

import java.util.List;
import java.util.Locale;

/**
 * anon's status words in the unified vocabulary (REFERENCE.md 5.2). A job run's own status is refined
 * by its workflow runs: a run in progress whose workflow waits for the end user is {@code WAITING},
 * a completed run where no workflow did anything is a {@code NO_OP}, and a run that failed in a login
 * workflow is an {@code AUTH_ERROR}. Unknown words map to {@code UNKNOWN}; the caller keeps the word.
 */
public final class AnonStatusMapping {

    /** What the job-run mapping needs to know of one workflow run: its status word and its workflow's type. */
    public record WorkflowOutcome(String status, String workflowType) {
    }

    private AnonStatusMapping() {
    }

    /** The unified status of one workflow run (a step). */
    public static UnifiedStatus workflowRun(String word) {
        return switch (normalized(word)) {
            case AnonWorkflowRunStatus.PENDING -> UnifiedStatus.of(JobStatus.QUEUED);
            case AnonWorkflowRunStatus.IN_PROGRESS -> UnifiedStatus.of(JobStatus.RUNNING);
            case AnonWorkflowRunStatus.AWAITING_USER_INPUT ->
                    UnifiedStatus.of(JobStatus.WAITING, StatusReason.USER_INPUT_REQUIRED);
            case AnonWorkflowRunStatus.COMPLETED -> UnifiedStatus.of(JobStatus.SUCCEEDED);
            case AnonWorkflowRunStatus.COMPLETED_WITH_NO_ACTION_TAKEN ->
                    UnifiedStatus.of(JobStatus.SUCCEEDED, StatusReason.NO_OP);
            case AnonWorkflowRunStatus.FAILED -> UnifiedStatus.of(JobStatus.FAILED, StatusReason.VENDOR_ERROR);
            default -> UnifiedStatus.unknown();
        };
    }

    /** The unified status of a job run, given its own word and what its workflow runs say. */
    public static UnifiedStatus jobRun(String word, List<WorkflowOutcome> workflowRuns) {
        List<WorkflowOutcome> runs = workflowRuns == null ? List.of() : workflowRuns;
        return switch (normalized(word)) {
            case AnonJobRunStatus.PENDING -> UnifiedStatus.of(JobStatus.QUEUED);
            case AnonJobRunStatus.IN_PROGRESS -> runs.stream()
                    .anyMatch(r -> is(r.status(), AnonWorkflowRunStatus.AWAITING_USER_INPUT))
                    ? UnifiedStatus.of(JobStatus.WAITING, StatusReason.USER_INPUT_REQUIRED)
                    : UnifiedStatus.of(JobStatus.RUNNING);
            case AnonJobRunStatus.COMPLETED -> !runs.isEmpty() && runs.stream()
                    .allMatch(r -> is(r.status(), AnonWorkflowRunStatus.COMPLETED_WITH_NO_ACTION_TAKEN))
                    ? UnifiedStatus.of(JobStatus.SUCCEEDED, StatusReason.NO_OP)
                    : UnifiedStatus.of(JobStatus.SUCCEEDED);
            case AnonJobRunStatus.FAILED -> runs.stream()
                    .anyMatch(r -> is(r.status(), AnonWorkflowRunStatus.FAILED) && is(r.workflowType(), AnonWorkflow.LOGIN))
                    ? UnifiedStatus.of(JobStatus.FAILED, StatusReason.AUTH_ERROR)
                    : UnifiedStatus.of(JobStatus.FAILED, StatusReason.VENDOR_ERROR);
            default -> UnifiedStatus.unknown();
        };
    }

    private static boolean is(String word, String expected) {
        return normalized(word).equals(expected);
    }

    private static String normalized(String word) {
        return word == null ? "" : word.strip().toUpperCase(Locale.ROOT);
    }
}
