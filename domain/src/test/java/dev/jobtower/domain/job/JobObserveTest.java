package dev.jobtower.domain.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ordering rule, without a database: older copies never overwrite newer ones; terminal never moves back. */
class JobObserveTest {
    static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    static Job stored(JobStatus status, Instant vendorUpdatedAt, Instant readAt) {
        VendorJob first = VendorJob.builder("ext").type("t").status(status).vendorUpdatedAt(vendorUpdatedAt).build();
        return Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), new ConnectionId(UUID.randomUUID()),
                Provider.of("finch"), first, readAt, readAt, readAt);
    }

    static VendorJob copy(JobStatus status, Instant vendorUpdatedAt) {
        return VendorJob.builder("ext").type("t").status(status).vendorUpdatedAt(vendorUpdatedAt).build();
    }

    /** stored status, stored vendor time (s), stored read (s), copy status, copy vendor time (s), copy read (s), applied? */
    @ParameterizedTest(name = "{0}@{1}/{2} then {3}@{4}/{5} -> applied={6}")
    @CsvSource(nullValues = "-", value = {
            // both copies carry a vendor time: the vendor's clock decides, whatever the read order
            "RUNNING,   10, 100, SUCCEEDED, 20, 50,  true",
            "RUNNING,   20, 100, QUEUED,    10, 200, false",
            // no vendor time on one side: the read-start clock decides (never vendor vs read time)
            "RUNNING,   -,  100, SUCCEEDED, 20, 200, true",
            "RUNNING,   -,  100, SUCCEEDED, 20, 50,  false",
            "RUNNING,   10, 100, SUCCEEDED, -,  200, true",
            "RUNNING,   10, 100, QUEUED,    -,  50,  false",
            "QUEUED,    -,  100, RUNNING,   -,  101, true",
            // terminal never moves back, even for a newer copy; terminal to terminal is a newer fact
            "SUCCEEDED, 10, 100, RUNNING,   20, 200, false",
            "FAILED,    -,  100, UNKNOWN,   -,  200, false",
            "FAILED,    -,  100, SUCCEEDED, -,  200, true",
    })
    void orders_copies(JobStatus storedStatus, Integer storedVendor, int storedRead, JobStatus copyStatus,
                       Integer copyVendor, int copyRead, boolean applied) {
        Job job = stored(storedStatus, at(storedVendor), at(storedRead));
        Job.Observation o = job.observe(copy(copyStatus, at(copyVendor)), at(copyRead), at(copyRead));
        assertEquals(applied ? copyStatus : storedStatus, o.job().status());
        assertEquals(applied, o.outcome() == Job.Observation.Outcome.APPLIED);
        assertEquals(applied, o.statusChange() != null);
    }

    static Instant at(Integer seconds) {
        return seconds == null ? null : T.plusSeconds(seconds);
    }

    @Test
    void a_copy_with_the_same_facts_changes_nothing_but_the_sync_time() {
        Job job = stored(JobStatus.RUNNING, null, T);
        Job.Observation o = job.observe(copy(JobStatus.RUNNING, null), T.plusSeconds(5), T.plusSeconds(6));
        assertFalse(o.changed());
        assertEquals(job.updatedAt(), o.job().updatedAt());
        assertEquals(T.plusSeconds(6), o.job().syncedAt());
    }

    @Test
    void a_status_change_moves_updatedAt_and_clears_staleness() {
        Job job = stored(JobStatus.RUNNING, null, T).markedStale();
        assertTrue(job.stale());
        Job.Observation o = job.observe(copy(JobStatus.FAILED, null), T.plusSeconds(5), T.plusSeconds(6));
        assertTrue(o.changed());
        assertFalse(o.job().stale());
        assertEquals(T.plusSeconds(6), o.job().updatedAt());
        assertEquals(JobStatus.FAILED, o.statusChange(Source.WEBHOOK).orElseThrow().status());
        assertEquals(Source.WEBHOOK, o.statusChange(Source.WEBHOOK).orElseThrow().source());
    }

    @Test
    void createdAt_never_changes_and_known_facts_are_not_erased_by_a_thinner_copy() {
        VendorJob first = VendorJob.builder("ext").type("data_sync_all").name("Sync").status(JobStatus.QUEUED)
                .params(java.util.Map.of("individualId", "i")).createdAt(T).build();
        Job job = Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), new ConnectionId(UUID.randomUUID()),
                Provider.of("finch"), first, T, T, T);
        Job after = job.observe(VendorJob.builder("ext").status(JobStatus.RUNNING).createdAt(T.minusSeconds(99)).build(),
                T.plusSeconds(1), T.plusSeconds(1)).job();
        assertEquals(T, after.createdAt());
        assertEquals("data_sync_all", after.type());
        assertEquals("Sync", after.name());
        assertEquals("i", after.params().get("individualId"));
    }

    @Test
    void a_copy_of_another_job_is_refused() {
        Job job = stored(JobStatus.RUNNING, null, T);
        try {
            job.observe(VendorJob.builder("other").status(JobStatus.RUNNING).build(), T, T);
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("observing another job's copy must fail");
    }
}
