package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.InvopopStatusMapping.JobFacts;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.UnifiedStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * REFERENCE.md 5.3, one test per rule. Each row: completed, job status, has faults, last event → expected.
 * An empty cell is an absent value. Rows include the cases where an earlier rule must win over a later one.
 */
class InvopopStatusMappingTest {

    private static UnifiedStatus map(boolean completed, String jobStatus, boolean faults, String lastEvent) {
        return InvopopStatusMapping.jobStatus(new JobFacts(completed, jobStatus, faults, lastEvent));
    }

    private static void check(boolean completed, String jobStatus, boolean faults, String lastEvent,
                              JobStatus status, String reason) {
        UnifiedStatus expected = UnifiedStatus.of(status, reason == null ? null : StatusReason.valueOf(reason));
        assertEquals(expected, map(completed, jobStatus, faults, lastEvent),
                "completed=" + completed + " status=" + jobStatus + " faults=" + faults + " last=" + lastEvent);
    }

    @ParameterizedTest(name = "rule 1: completed, job {0}, faults {1}, last {2} -> CANCELLED")
    @CsvSource({
            "CANCEL, false, OK",
            "CANCEL, true, KO",       // before rule 2: a cancelled job is cancelled even with faults
            "cancel, false, ",
    })
    void rule1_completed_and_job_status_CANCEL_is_CANCELLED(String job, boolean faults, String last) {
        check(true, job, faults, last, JobStatus.CANCELLED, null);
    }

    @ParameterizedTest(name = "rule 2: completed, job {0}, faults {1}, last {2} -> FAILED/VENDOR_ERROR")
    @CsvSource({
            "OK, true, OK",           // a rescue flow ended with OK steps: the faults still decide
            "KO, false, OK",          // the job says KO
            "ERR, false, KO",         // the last event says KO
            "KO, true, KO",           // REFERENCE.md 3.8 (c)
            ", true, ",
            "OK, true, SKIP",         // before rule 3
    })
    void rule2_completed_with_faults_or_a_KO_is_FAILED(String job, boolean faults, String last) {
        check(true, job, faults, last, JobStatus.FAILED, "VENDOR_ERROR");
    }

    @ParameterizedTest(name = "rule 3: completed, job {0}, last {1} -> SUCCEEDED/NO_OP")
    @CsvSource({
            "OK, SKIP",
            ", SKIP",
            "SKIP, SKIP",
    })
    void rule3_completed_with_a_last_event_SKIP_is_a_SUCCEEDED_NO_OP(String job, String last) {
        check(true, job, false, last, JobStatus.SUCCEEDED, "NO_OP");
    }

    @ParameterizedTest(name = "rule 4: completed, job {0}, last {1} -> SUCCEEDED")
    @CsvSource({
            "OK, OK",                 // REFERENCE.md 3.8 (b)
            ", ",
            "ERR, OK",                // a KO/ERR the workflow handled, no faults, last event OK
            "SOMETHING_NEW, OK",      // completed decides: an unknown job word does not matter
            "OK, ",
            "OK, ERR",
    })
    void rule4_completed_otherwise_is_SUCCEEDED(String job, String last) {
        check(true, job, false, last, JobStatus.SUCCEEDED, null);
    }

    @ParameterizedTest(name = "rule 5: not completed, job {0}, faults {1}, last {2} -> RUNNING/RETRYING")
    @CsvSource({
            "ERR, false, ERR",        // REFERENCE.md 3.8 (a)
            "RUN, false, ERR",
            "KO, true, ERR",          // faults do not decide while the job runs
            "ERR, false, ",           // no events yet: the job's own status text stands in
            ", false, err",
    })
    void rule5_not_completed_with_a_last_event_ERR_is_RUNNING_RETRYING(String job, boolean faults, String last) {
        check(false, job, faults, last, JobStatus.RUNNING, "RETRYING");
    }

    @ParameterizedTest(name = "rule 6: not completed, job {0}, last {1} -> WAITING/EXTERNAL_PENDING")
    @CsvSource({
            "QUEUED, QUEUED",         // SDI may take 24 h
            "RUN, POKE",
            ", QUEUED",
            "QUEUED, ",
    })
    void rule6_not_completed_with_a_last_event_QUEUED_or_POKE_is_WAITING(String job, String last) {
        check(false, job, false, last, JobStatus.WAITING, "EXTERNAL_PENDING");
    }

    @ParameterizedTest(name = "rule 7: not completed, job {0}, no events -> QUEUED")
    @CsvSource({
            "''",
            "NA",
            "'   '",
    })
    void rule7_not_completed_without_events_and_without_job_status_is_QUEUED(String job) {
        check(false, job.isEmpty() ? null : job, false, null, JobStatus.QUEUED, null);
    }

    @ParameterizedTest(name = "rule 8: not completed, job {0}, last {1} -> RUNNING")
    @CsvSource({
            "RUN, RUN",
            "OK, OK",                 // a step done, the next not started
            "RUN, SKIP",
            "RUN, CANCEL",
            ", RUN",
            "RUN, ",                  // no events yet: the job's own status text stands in
            "ERR, KO",                // a KO before its rescue flow ran: the job is not over yet
    })
    void rule8_not_completed_with_a_last_event_RUN_OK_SKIP_or_CANCEL_is_RUNNING(String job, String last) {
        check(false, job, false, last, JobStatus.RUNNING, null);
    }

    @ParameterizedTest(name = "rule 9: not completed, job {0}, last {1} -> UNKNOWN")
    @CsvSource({
            "SOMETHING_NEW, SOMETHING_NEW",
            "RUN, TIMEOUT",           // a branching word, never an event word
            "SOMETHING_NEW, ",
            "OK, NA",                 // NA is "invalid" as an event
    })
    void rule9_anything_else_is_UNKNOWN(String job, String last) {
        check(false, job, false, last, JobStatus.UNKNOWN, null);
    }

    @ParameterizedTest(name = "step: last event {0}, completed {1} -> {2}")
    @CsvSource({
            ", false, QUEUED",
            "NA, false, QUEUED",
            "RUN, false, RUNNING",
            "ERR, false, RUNNING",
            "OK, true, SUCCEEDED",
            "OK, false, SUCCEEDED",
            "SKIP, true, SUCCEEDED",
            "KO, true, FAILED",
            "QUEUED, false, WAITING",
            "POKE, false, WAITING",
            "CANCEL, true, CANCELLED",
            "CANCEL, false, RUNNING",
            "TIMEOUT, false, UNKNOWN",
            "SOMETHING_NEW, true, UNKNOWN",
            "ok, true, SUCCEEDED",
    })
    void a_step_is_unified_from_its_last_event(String lastEvent, boolean completed, JobStatus expected) {
        assertEquals(expected, InvopopStatusMapping.stepStatus(lastEvent, completed));
    }

    @Test
    void the_last_event_is_the_last_event_of_the_last_intent() {
        var job = TransformJobs.aJob().intent(TransformJobs.anIntentWithEvents("RUN", "KO"))
                .intent(TransformJobs.anIntentWithEvents("RUN", "OK")).build();
        assertEquals("OK", InvopopStatusMapping.factsOf(job, true).lastEvent());
        var fresh = TransformJobs.aJob().intent(TransformJobs.anIntentWithEvents("RUN", "OK"))
                .intent(TransformJobs.anIntentWithEvents()).build();
        assertEquals(null, InvopopStatusMapping.factsOf(fresh, false).lastEvent(), "a new intent has no events yet");
    }
}
