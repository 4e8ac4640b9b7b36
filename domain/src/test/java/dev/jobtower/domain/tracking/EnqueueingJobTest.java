package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnqueueingJobTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final EnqueueingJob enqueueing = new EnqueueingJob(f.jobs, f.connections, f.providers, f.clock);
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));
    private final Connection invopop = f.connection(tenant, Provider.of("invopop"));
    private final UseCaseFixture.ScriptedVendor preassigning = f.vendor(Provider.of("invopop"));

    EnqueueingJobTest() {
        preassigning.preassigns = true;
    }

    private EnqueueCommand command(Connection c, Map<String, Object> params) {
        return new EnqueueCommand(tenant, c.id(), "sync", params);
    }

    @Test
    void the_vendors_job_is_stored_with_a_create_row_and_the_caller_hears_its_id_first() {
        List<String> told = new ArrayList<>();
        EnqueueingJob.Enqueued enqueued = enqueueing.enqueue(command(finch, Map.of("individualId", "i-1")), id -> {
            told.add(id);
            assertTrue(f.jobs.findByExternalId(tenant, finch.id(), id).isEmpty(), "told before anything is stored");
        });
        assertTrue(enqueued.created());
        assertEquals(List.of(enqueued.job().externalId()), told);
        Job stored = f.jobs.find(tenant, enqueued.job().id()).orElseThrow();
        assertEquals(JobStatus.QUEUED, stored.status());
        assertEquals(Map.of("individualId", "i-1"), stored.params(), "params the vendor did not echo are kept");
        assertNotNull(stored.syncedAt());
        assertEquals(List.of(Source.CREATE), f.history(finch, stored.externalId()).stream().map(StatusChange::source).toList());
    }

    @Test
    void an_unknown_or_other_tenants_connection_calls_no_vendor() {
        assertThrows(UnknownConnection.class, () -> enqueueing.enqueue(
                new EnqueueCommand(tenant, new ConnectionId(UUID.randomUUID()), "sync", Map.of())));
        assertThrows(UnknownConnection.class, () -> enqueueing.enqueue(new EnqueueCommand(f.tenant(), finch.id(), "sync", Map.of())));
        assertTrue(f.vendor(Provider.of("finch")).calls.isEmpty());
    }

    @Test
    void an_invalid_request_is_refused_before_any_vendor_call() {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class,
                () -> enqueueing.enqueue(new EnqueueCommand(tenant, invopop.id(), " ", Map.of())));
        assertEquals("type", e.parameter());
        assertTrue(preassigning.calls.isEmpty());
        assertTrue(f.jobs.all().isEmpty());
    }

    @Test
    void a_client_chosen_id_is_stored_before_the_call_and_confirmed_by_its_answer() {
        preassigning.duringEnqueue = () -> {
            Job before = f.jobs.all().get(0);
            assertNull(before.syncedAt(), "stored before the call, never read from the vendor");
            assertEquals(JobStatus.QUEUED, before.status());
        };
        EnqueueingJob.Enqueued enqueued = enqueueing.enqueue(command(invopop, Map.of()));
        assertTrue(enqueued.job().externalId().startsWith("pre-"));
        assertEquals(1, f.jobs.all().size());
        assertNotNull(f.jobs.all().get(0).syncedAt());
    }

    @Test
    void a_create_whose_outcome_is_unknown_is_in_doubt_and_its_row_stays_for_the_poller() {
        preassigning.enqueueFailure = () -> VendorUnavailable.of(FailureCategory.TIMEOUT, (Integer) null);
        EnqueueInDoubt e = assertThrows(EnqueueInDoubt.class, () -> enqueueing.enqueue(command(invopop, Map.of())));
        Job row = f.jobs.findByExternalId(tenant, invopop.id(), e.externalId()).orElseThrow();
        assertNull(row.syncedAt());
        assertEquals(FailureCategory.TIMEOUT, ((VendorUnavailable) e.getCause()).category());
    }

    @Test
    void a_create_the_vendor_refused_discards_the_pre_stored_row() {
        preassigning.enqueueFailure = () -> new VendorRejected(422, "invalid", "no such workflow");
        assertThrows(VendorRejected.class, () -> enqueueing.enqueue(command(invopop, Map.of())));
        assertTrue(f.jobs.all().isEmpty());
    }

    @Test
    void a_rate_limited_create_records_the_quota_and_discards_the_row() {
        Quota spent = new Quota(10, 0, Instant.parse("2026-03-03T00:00:00Z"));
        preassigning.enqueueFailure = () -> new VendorRateLimited(spent.retryAt(), spent);
        assertThrows(VendorRateLimited.class, () -> enqueueing.enqueue(command(invopop, Map.of())));
        assertEquals(spent, f.connections.find(tenant, invopop.id()).orElseThrow().quota());
        assertTrue(f.jobs.all().isEmpty());
    }

    @Test
    void a_created_job_records_the_quota_the_vendor_reported() {
        Quota left = new Quota(10, 9, null);
        UseCaseFixture.ScriptedVendor vendor = f.vendor(Provider.of("finch"));
        vendor.enqueueAnswer = () -> EnqueueOutcome.created(vendor.put("fj-1", JobStatus.QUEUED), left);
        enqueueing.enqueue(command(finch, Map.of()));
        assertEquals(left, f.connections.find(tenant, finch.id()).orElseThrow().quota());
    }

    @Test
    void a_vendor_answering_with_a_job_it_had_is_not_created_and_the_pre_stored_row_goes() {
        VendorJob existing = preassigning.put("inv-existing", JobStatus.RUNNING);
        preassigning.enqueueAnswer = () -> EnqueueOutcome.existing(existing, null);
        EnqueueingJob.Enqueued enqueued = enqueueing.enqueue(command(invopop, Map.of()));
        assertFalse(enqueued.created());
        assertEquals("inv-existing", enqueued.job().externalId());
        assertEquals(List.of("inv-existing"), f.jobs.all().stream().map(Job::externalId).toList());
    }

    @Test
    void a_retry_of_an_in_doubt_create_sends_the_same_id_and_never_moves_the_job_back() {
        preassigning.enqueueFailure = () -> VendorUnavailable.of(FailureCategory.TIMEOUT, (Integer) null);
        EnqueueInDoubt doubt = assertThrows(EnqueueInDoubt.class, () -> enqueueing.enqueue(command(invopop, Map.of())));
        // meanwhile the poller found the job running at the vendor
        preassigning.put(doubt.externalId(), JobStatus.RUNNING);
        f.jobs.record(tenant, invopop.id(), Provider.of("invopop"), preassigning.jobs.get(doubt.externalId()), Source.POLL,
                f.clock.instant(), true);
        preassigning.enqueueFailure = null;
        preassigning.enqueueAnswer = () -> EnqueueOutcome.created(preassigning.jobs.get(doubt.externalId()), null);
        EnqueueingJob.Enqueued retried = enqueueing.enqueue(new EnqueueCommand(tenant, invopop.id(), "sync", Map.of(),
                doubt.externalId()));
        assertEquals(doubt.externalId(), retried.job().externalId());
        assertEquals(JobStatus.RUNNING, retried.job().status());
        assertEquals(List.of(Source.CREATE, Source.POLL),
                f.history(invopop, doubt.externalId()).stream().map(StatusChange::source).toList(), "no second create row");
    }

    @Test
    void a_retry_naming_a_job_a_vendor_already_created_reads_it_instead_of_creating_another() {
        UseCaseFixture.ScriptedVendor vendor = f.vendor(Provider.of("finch"));
        vendor.put("made-before-the-crash", JobStatus.RUNNING);
        EnqueueingJob.Enqueued enqueued = enqueueing.enqueue(new EnqueueCommand(tenant, finch.id(), "sync",
                Map.of("individualId", "i-2"), "made-before-the-crash"));
        assertTrue(enqueued.created());
        assertEquals(List.of("fetch made-before-the-crash"), vendor.calls);
        assertEquals(Map.of("individualId", "i-2"), enqueued.job().params());
    }
}
