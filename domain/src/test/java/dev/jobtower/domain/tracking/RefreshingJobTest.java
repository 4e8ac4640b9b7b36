package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshingJobTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final RefreshingJob refreshing = new RefreshingJob(f.jobs, f.connections, f.providers, f.clock);
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));
    private final UseCaseFixture.ScriptedVendor vendor = f.vendor(Provider.of("finch"));
    private final Job job;

    RefreshingJobTest() {
        job = f.jobs.record(tenant, finch.id(), Provider.of("finch"), vendor.put("fj-1", JobStatus.RUNNING), Source.TRACK,
                f.clock.instant(), true).job();
        f.clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void the_job_is_read_now_and_its_change_recorded_as_a_refresh() {
        vendor.put("fj-1", JobStatus.SUCCEEDED);
        Job refreshed = refreshing.refresh(tenant, job.id());
        assertEquals(JobStatus.SUCCEEDED, refreshed.status());
        assertEquals(List.of(Source.TRACK, Source.REFRESH), f.history(finch, "fj-1").stream().map(StatusChange::source).toList());
    }

    @Test
    void a_failed_read_answers_the_stored_copy_marked_stale() {
        vendor.readFailure = () -> VendorUnavailable.of(FailureCategory.HTTP_5XX, 502);
        Job answered = refreshing.refresh(tenant, job.id());
        assertTrue(answered.stale());
        assertEquals(JobStatus.RUNNING, answered.status());
        assertTrue(f.jobs.find(tenant, job.id()).orElseThrow().stale());
    }

    @Test
    void a_call_jobtowers_own_limits_refused_is_passed_on_and_the_job_is_not_stale() {
        vendor.readFailure = UseCaseFixture.Refused::new;
        assertThrows(UseCaseFixture.Refused.class, () -> refreshing.refresh(tenant, job.id()));
        assertFalse(f.jobs.find(tenant, job.id()).orElseThrow().stale());
    }

    @Test
    void a_deleted_connections_job_is_answered_as_stored_without_a_vendor_call() {
        f.connections.delete(tenant, finch.id());
        assertEquals(job, refreshing.refresh(tenant, job.id()));
        assertTrue(vendor.calls.isEmpty());
    }

    @Test
    void an_unknown_or_other_tenants_job_is_unknown() {
        assertThrows(UnknownJob.class, () -> refreshing.refresh(tenant, new JobId(UUID.randomUUID())));
        assertThrows(UnknownJob.class, () -> refreshing.refresh(f.tenant(), job.id()));
        assertTrue(vendor.calls.isEmpty());
    }
}
