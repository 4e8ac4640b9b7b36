package dev.jobtower.adapters.anon;

import dev.jobtower.adapters.anon.AnonStatusMapping.WorkflowOutcome;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.UnifiedStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** REFERENCE.md 5.2, one row per anon word. */
class AnonStatusMappingTest {

    @ParameterizedTest(name = "workflow run {0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "PENDING,                        QUEUED,    -",
            "IN_PROGRESS,                    RUNNING,   -",
            "AWAITING_USER_INPUT,            WAITING,   USER_INPUT_REQUIRED",
            "COMPLETED,                      SUCCEEDED, -",
            "COMPLETED_WITH_NO_ACTION_TAKEN, SUCCEEDED, NO_OP",
            "FAILED,                         FAILED,    VENDOR_ERROR",
            "completed,                      SUCCEEDED, -",
            "PAUSED,                         UNKNOWN,   -",
            "'',                             UNKNOWN,   -",
            "-,                              UNKNOWN,   -",
    })
    void workflow_run_words(String word, JobStatus status, StatusReason reason) {
        assertEquals(UnifiedStatus.of(status, reason), AnonStatusMapping.workflowRun(word));
    }

    static Stream<Arguments> jobRuns() {
        WorkflowOutcome loginFailed = new WorkflowOutcome("FAILED", "LOGIN");
        WorkflowOutcome loginDone = new WorkflowOutcome("COMPLETED", "LOGIN");
        WorkflowOutcome exportFailed = new WorkflowOutcome("FAILED", "USER_DEFINED");
        WorkflowOutcome exportRunning = new WorkflowOutcome("IN_PROGRESS", "USER_DEFINED");
        WorkflowOutcome awaitingMfa = new WorkflowOutcome("AWAITING_USER_INPUT", "LOGIN");
        WorkflowOutcome noAction = new WorkflowOutcome("COMPLETED_WITH_NO_ACTION_TAKEN", "USER_DEFINED");
        WorkflowOutcome done = new WorkflowOutcome("COMPLETED", "USER_DEFINED");
        return Stream.of(
                arguments("PENDING", List.of(), JobStatus.QUEUED, null),
                arguments("IN_PROGRESS", List.of(loginDone, exportRunning), JobStatus.RUNNING, null),
                arguments("IN_PROGRESS", List.of(awaitingMfa), JobStatus.WAITING, StatusReason.USER_INPUT_REQUIRED),
                arguments("IN_PROGRESS", List.of(), JobStatus.RUNNING, null),
                arguments("COMPLETED", List.of(loginDone, done), JobStatus.SUCCEEDED, null),
                arguments("COMPLETED", List.of(noAction, noAction), JobStatus.SUCCEEDED, StatusReason.NO_OP),
                arguments("COMPLETED", List.of(noAction, done), JobStatus.SUCCEEDED, null),
                arguments("COMPLETED", List.of(), JobStatus.SUCCEEDED, null),
                arguments("FAILED", List.of(loginFailed), JobStatus.FAILED, StatusReason.AUTH_ERROR),
                arguments("FAILED", List.of(loginDone, exportFailed), JobStatus.FAILED, StatusReason.VENDOR_ERROR),
                arguments("FAILED", List.of(new WorkflowOutcome("FAILED", null)), JobStatus.FAILED, StatusReason.VENDOR_ERROR),
                arguments("FAILED", List.of(), JobStatus.FAILED, StatusReason.VENDOR_ERROR),
                arguments("CANCELLED", List.of(done), JobStatus.UNKNOWN, null),
                arguments(null, List.of(), JobStatus.UNKNOWN, null));
    }

    @ParameterizedTest(name = "job run {0} with {1} -> {2} {3}")
    @MethodSource("jobRuns")
    void job_run_words(String word, List<WorkflowOutcome> workflowRuns, JobStatus status, StatusReason reason) {
        assertEquals(UnifiedStatus.of(status, reason), AnonStatusMapping.jobRun(word, workflowRuns));
    }
}
