package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollingJobTest {
    private static final Duration GRACE = Duration.ofMinutes(10);
    private final UseCaseFixture f = new UseCaseFixture();
    private final PollingJob polling = new PollingJob(f.jobs, f.connections, f.providers, f.clock, GRACE);
    private final TenantId tenant = f.tenant();
    private final Connection invopop = f.connection(tenant, Provider.of("invopop"));
    private final UseCaseFixture.ScriptedVendor vendor = f.vendor(Provider.of("invopop"));

    private Job stored(String externalId) {
        return f.jobs.findByExternalId(tenant, invopop.id(), externalId).orElseThrow();
    }

    private void storeBeforeCreate(String externalId) {
        f.jobs.record(tenant, invopop.id(), Provider.of("invopop"), VendorJob.builder(externalId).type("wf")
                .status(JobStatus.QUEUED).build(), Source.CREATE, f.clock.instant(), false);
    }

    @Test
    void a_poll_applies_the_vendors_copy_with_source_poll() {
        f.jobs.record(tenant, invopop.id(), Provider.of("invopop"), vendor.put("j1", JobStatus.RUNNING), Source.TRACK,
                f.clock.instant(), true);
        f.clock.advance(Duration.ofSeconds(30));
        vendor.put("j1", JobStatus.FAILED);
        polling.poll(invopop, "j1");
        assertEquals(JobStatus.FAILED, stored("j1").status());
        assertEquals(List.of(Source.TRACK, Source.POLL), f.history(invopop, "j1").stream().map(StatusChange::source).toList());
    }

    @Test
    void a_failed_read_marks_the_job_stale_and_is_reported() {
        f.jobs.record(tenant, invopop.id(), Provider.of("invopop"), vendor.put("j1", JobStatus.RUNNING), Source.TRACK,
                f.clock.instant(), true);
        vendor.readFailure = () -> VendorUnavailable.of(FailureCategory.CONNECTION, (Integer) null);
        assertThrows(VendorUnavailable.class, () -> polling.poll(invopop, "j1"));
        assertTrue(stored("j1").stale());
    }

    @Test
    void a_read_jobtowers_own_limits_refused_leaves_the_job_fresh() {
        f.jobs.record(tenant, invopop.id(), Provider.of("invopop"), vendor.put("j1", JobStatus.RUNNING), Source.TRACK,
                f.clock.instant(), true);
        vendor.readFailure = UseCaseFixture.Refused::new;
        assertThrows(UseCaseFixture.Refused.class, () -> polling.poll(invopop, "j1"));
        assertFalse(stored("j1").stale());
    }

    @Test
    void a_create_that_never_reached_the_vendor_is_settled_as_failed_once_its_grace_passed() {
        storeBeforeCreate("pre-1");
        f.clock.advance(GRACE.plusSeconds(1));
        polling.poll(invopop, "pre-1");
        Job settled = stored("pre-1");
        assertEquals(JobStatus.FAILED, settled.status());
        assertEquals(StatusReason.VENDOR_ERROR, settled.statusReason());
        assertNull(settled.syncedAt(), "never read from the vendor");
        assertEquals(List.of(Source.CREATE, Source.POLL), f.history(invopop, "pre-1").stream().map(StatusChange::source).toList());
    }

    @Test
    void within_its_grace_an_unconfirmed_job_the_vendor_does_not_know_yet_is_only_stale() {
        storeBeforeCreate("pre-2");
        f.clock.advance(GRACE.minusSeconds(1));
        assertThrows(VendorNotFound.class, () -> polling.poll(invopop, "pre-2"));
        assertEquals(JobStatus.QUEUED, stored("pre-2").status());
        assertTrue(stored("pre-2").stale());
    }

    @Test
    void a_job_read_before_that_the_vendor_lost_is_never_settled_by_the_grace_rule() {
        f.jobs.record(tenant, invopop.id(), Provider.of("invopop"), vendor.put("j2", JobStatus.RUNNING), Source.TRACK,
                f.clock.instant(), true);
        vendor.jobs.remove("j2");
        f.clock.advance(GRACE.multipliedBy(2));
        assertThrows(VendorNotFound.class, () -> polling.poll(invopop, "j2"));
        assertEquals(JobStatus.RUNNING, stored("j2").status());
        assertTrue(stored("j2").stale());
    }

    @Test
    void a_deleted_connections_jobs_have_no_connection_to_poll_on() {
        assertEquals(invopop, polling.connection(invopop.id()).orElseThrow());
        f.connections.delete(tenant, invopop.id());
        assertTrue(polling.connection(invopop.id()).isEmpty());
    }

    @Test
    void a_target_carries_the_connections_account_and_a_poll_through_it_applies_the_copy() {
        f.jobs.record(tenant, invopop.id(), Provider.of("invopop"), vendor.put("j1", JobStatus.RUNNING), Source.TRACK,
                f.clock.instant(), true);
        PollingJob.Target target = polling.target(invopop.id()).orElseThrow();
        assertEquals(invopop, target.connection());
        assertEquals(invopop.id(), target.account().connectionId());
        assertEquals("token", target.account().token());
        f.clock.advance(Duration.ofSeconds(30));
        vendor.put("j1", JobStatus.SUCCEEDED);
        polling.poll(target, "j1");
        assertEquals(JobStatus.SUCCEEDED, stored("j1").status());
        assertEquals(List.of(Source.TRACK, Source.POLL), f.history(invopop, "j1").stream().map(StatusChange::source).toList());
        // a failed read through a target marks the job stale, as any poll
        vendor.readFailure = () -> VendorUnavailable.of(FailureCategory.CONNECTION, (Integer) null);
        assertThrows(VendorUnavailable.class, () -> polling.poll(target, "j1"));
        assertTrue(stored("j1").stale());
        f.connections.delete(tenant, invopop.id());
        assertTrue(polling.target(invopop.id()).isEmpty());
    }
}
