package dev.jobtower.domain.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Job#observe} decides everything a store writes, without a database: the ordering rule (older
 * copies never overwrite newer ones; terminal never moves back), {@code updatedAt} (moved exactly when a
 * vendor fact changed), {@code syncedAt} and {@code stale}, and the history row.
 */
class JobObserveTest {
    static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    static Job stored(JobStatus status, Instant vendorUpdatedAt, Instant readAt) {
        VendorJob first = VendorJob.builder("ext").type("t").status(status).vendorUpdatedAt(vendorUpdatedAt).build();
        return Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), new ConnectionId(UUID.randomUUID()),
                Provider.of("finch"), first, new Read(Source.TRACK, readAt, readAt, true)).job();
    }

    static VendorJob copy(JobStatus status, Instant vendorUpdatedAt) {
        return VendorJob.builder("ext").type("t").status(status).vendorUpdatedAt(vendorUpdatedAt).build();
    }

    static Read poll(Instant at) {
        return new Read(Source.POLL, at, at, true);
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
        Job.Observation o = job.observe(copy(copyStatus, at(copyVendor)), poll(at(copyRead)));
        assertEquals(applied ? copyStatus : storedStatus, o.job().status());
        assertEquals(applied, o.outcome() == Job.Observation.Outcome.APPLIED);
        assertEquals(applied, o.statusChange() != null);
        assertEquals(applied, o.changed());
    }

    static Instant at(Integer seconds) {
        return seconds == null ? null : T.plusSeconds(seconds);
    }

    /**
     * syncedAt and stale, decided by observe: whether the copy came from the vendor, whether it was applied
     * (stored job RUNNING read at 100 and synced then, marked stale; the copy read at 200).
     * copy status, copy read start (s), from the vendor?, expected syncedAt (s; - none), expected stale
     */
    @ParameterizedTest(name = "{0} read at {1}, fromVendor={2} -> syncedAt {3}, stale {4}")
    @CsvSource(nullValues = "-", value = {
            // a read from the vendor proves the job current, applied or not
            "FAILED,  200, true,  200, false",
            "RUNNING, 200, true,  200, false",
            "QUEUED,  50,  true,  200, false",
            // a copy Jobtower made itself (stored before the create call, a create settled as failed) proves nothing
            "FAILED,  200, false, 100, true",
            "RUNNING, 200, false, 100, true",
            "QUEUED,  50,  false, 100, true",
    })
    void decides_syncedAt_and_staleness(JobStatus copyStatus, int readStart, boolean fromVendor, Integer syncedAt,
                                        boolean stale) {
        Job job = stored(JobStatus.RUNNING, null, T.plusSeconds(100)).markedStale();
        Job.Observation o = job.observe(copy(copyStatus, null),
                new Read(Source.POLL, T.plusSeconds(readStart), T.plusSeconds(200), fromVendor));
        assertEquals(at(syncedAt), o.job().syncedAt());
        assertEquals(stale, o.job().stale());
    }

    @Test
    void a_sync_time_never_goes_back() {
        Job job = stored(JobStatus.RUNNING, null, T.plusSeconds(100));
        Job.Observation o = job.observe(copy(JobStatus.RUNNING, null), new Read(Source.POLL, T.plusSeconds(101), T.plusSeconds(90), true));
        assertEquals(T.plusSeconds(100), o.job().syncedAt());
    }

    @Test
    void a_job_first_seen_from_a_copy_made_by_jobtower_is_not_synced() {
        Job.Observation o = Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()),
                new ConnectionId(UUID.randomUUID()), Provider.of("finch"), copy(JobStatus.QUEUED, null),
                new Read(Source.CREATE, T, T.plusSeconds(1), false));
        assertNull(o.job().syncedAt());
        assertTrue(o.created());
        assertEquals(new StatusChange(T.plusSeconds(1), JobStatus.QUEUED, null, null, Source.CREATE), o.statusChange());
        assertEquals(T.plusSeconds(1), o.job().createdAt(), "no vendor creation time: when Jobtower first saw it");
        assertEquals(T.plusSeconds(1), o.job().updatedAt());
    }

    @Test
    void the_history_row_is_stamped_with_the_read() {
        Job job = stored(JobStatus.RUNNING, null, T);
        Job.Observation o = job.observe(VendorJob.builder("ext").status(JobStatus.FAILED).statusReason(StatusReason.VENDOR_ERROR)
                .vendorStatus("error").build(), new Read(Source.WEBHOOK, T.plusSeconds(5), T.plusSeconds(6), true));
        assertEquals(new StatusChange(T.plusSeconds(6), JobStatus.FAILED, StatusReason.VENDOR_ERROR, "error", Source.WEBHOOK),
                o.history().orElseThrow());
    }

    @Test
    void a_new_vendor_status_word_alone_changes_the_job_but_writes_no_history() {
        Job job = stored(JobStatus.RUNNING, null, T);
        Job.Observation o = job.observe(VendorJob.builder("ext").status(JobStatus.RUNNING).vendorStatus("processing").build(),
                poll(T.plusSeconds(5)));
        assertTrue(o.changed());
        assertEquals(T.plusSeconds(5), o.job().updatedAt());
        assertTrue(o.history().isEmpty());
    }

    @Test
    void a_copy_with_the_same_facts_changes_nothing_but_the_sync_time() {
        Job job = stored(JobStatus.RUNNING, null, T);
        Job.Observation o = job.observe(copy(JobStatus.RUNNING, null), new Read(Source.POLL, T.plusSeconds(5), T.plusSeconds(6), true));
        assertFalse(o.changed());
        assertEquals(job.updatedAt(), o.job().updatedAt());
        assertEquals(T.plusSeconds(6), o.job().syncedAt());
        assertTrue(o.history().isEmpty());
    }

    @Test
    void what_only_orders_or_echoes_a_copy_is_not_a_fact() {
        Job job = stored(JobStatus.RUNNING, null, T);
        VendorJob same = copy(JobStatus.RUNNING, T.plusSeconds(3)).toBuilder().rawPayload("{\"x\":1}")
                .createdAt(T.minusSeconds(50)).build();
        Job.Observation o = job.observe(same, poll(T.plusSeconds(5)));
        assertFalse(o.changed());
        assertEquals(job.facts(), o.job().facts());
        assertEquals(T.plusSeconds(3), o.job().copyVersion(), "the vendor's update time still orders later copies");
    }

    /** Change detection is equality of the facts: each one of them, changed alone, is a change. */
    @ParameterizedTest
    @ValueSource(strings = {"type", "name", "status", "statusReason", "vendorStatus", "scheduledAt", "startedAt",
            "completedAt", "params", "tags", "vendorUrl", "attributes", "steps", "attachments", "faults"})
    void each_fact_changed_alone_moves_updatedAt(String fact) {
        VendorJob.Builder base = VendorJob.builder("ext").type("t").name("n").status(JobStatus.RUNNING)
                .vendorStatus("running").scheduledAt(T).startedAt(T).params(Map.of("a", 1)).tags(List.of("x"))
                .vendorUrl("https://vendor.example/jobs/ext").attributes(Map.of("k", "v"));
        Job job = Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()),
                new ConnectionId(UUID.randomUUID()), Provider.of("finch"), base.build(), new Read(Source.TRACK, T, T, true)).job();
        VendorJob.Builder next = base.build().toBuilder();
        switch (fact) {
            case "type" -> next.type("t2");
            case "name" -> next.name("n2");
            case "status" -> next.status(JobStatus.WAITING);
            case "statusReason" -> next.statusReason(StatusReason.RETRYING);
            case "vendorStatus" -> next.vendorStatus("running-2");
            case "scheduledAt" -> next.scheduledAt(T.plusSeconds(1));
            case "startedAt" -> next.startedAt(T.plusSeconds(1));
            case "completedAt" -> next.completedAt(T.plusSeconds(1));
            case "params" -> next.params(Map.of("a", 2));
            case "tags" -> next.tags(List.of("y"));
            case "vendorUrl" -> next.vendorUrl("https://vendor.example/jobs/ext?v=2");
            case "attributes" -> next.attributes(Map.of("k", "w"));
            case "steps" -> next.steps(List.of(new Step("s1", "step", JobStatus.RUNNING, "running", T, null, null)));
            case "attachments" -> next.attachments(List.of(new Attachment("a1", null, "out.pdf", null, "application/pdf", 10L, null, null)));
            case "faults" -> next.faults(List.of(new Fault("finch", "E1", "broken", null)));
            default -> throw new IllegalArgumentException(fact);
        }
        Job.Observation o = job.observe(next.build(), poll(T.plusSeconds(9)));
        assertTrue(o.changed(), fact);
        assertEquals(T.plusSeconds(9), o.job().updatedAt(), fact);
        assertEquals(fact.equals("status") || fact.equals("statusReason"), o.history().isPresent(), fact);
    }

    @Test
    void createdAt_never_changes_and_known_facts_are_not_erased_by_a_thinner_copy() {
        VendorJob first = VendorJob.builder("ext").type("data_sync_all").name("Sync").status(JobStatus.QUEUED)
                .params(Map.of("individualId", "i")).tags(List.of("x")).vendorUrl("https://v/1")
                .attributes(Map.of("k", "v")).createdAt(T).build();
        Job job = Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), new ConnectionId(UUID.randomUUID()),
                Provider.of("finch"), first, new Read(Source.CREATE, T, T, true)).job();
        Job after = job.observe(VendorJob.builder("ext").status(JobStatus.RUNNING).createdAt(T.minusSeconds(99)).build(),
                poll(T.plusSeconds(1))).job();
        assertEquals(T, after.createdAt());
        assertEquals("data_sync_all", after.type());
        assertEquals("Sync", after.name());
        assertEquals("i", after.params().get("individualId"));
        assertEquals(List.of("x"), after.tags());
        assertEquals("https://v/1", after.vendorUrl());
        assertEquals(Map.of("k", "v"), after.attributes());
    }

    @Test
    void a_copy_of_another_job_is_refused() {
        Job job = stored(JobStatus.RUNNING, null, T);
        assertThrows(IllegalArgumentException.class,
                () -> job.observe(VendorJob.builder("other").status(JobStatus.RUNNING).build(), poll(T)));
    }
}
