package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read use cases (ListingJobs, GettingJob, JobStatistics, JobHistory): stored data only, one tenant's. */
class ReadingJobsTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final ListingJobs listing = new ListingJobs(f.jobs);
    private final GettingJob getting = new GettingJob(f.jobs);
    private final JobStatistics statistics = new JobStatistics(f.jobs);
    private final JobHistory histories = new JobHistory(f.jobs);
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));
    private final Job running;
    private final Job failed;

    ReadingJobsTest() {
        running = record("fj-1", JobStatus.RUNNING, "{\"id\":\"fj-1\"}");
        f.clock.advance(Duration.ofSeconds(1));
        failed = record("fj-2", JobStatus.QUEUED, null);
        record("fj-2", JobStatus.FAILED, null);
        // another tenant's job is never seen
        TenantId other = f.tenant();
        f.jobs.record(other, f.connection(other, Provider.of("finch")).id(), Provider.of("finch"),
                VendorJob.builder("x").status(JobStatus.FAILED).build(), Source.TRACK, f.clock.instant(), true);
    }

    private Job record(String id, JobStatus status, String raw) {
        return f.jobs.record(tenant, finch.id(), Provider.of("finch"), VendorJob.builder(id).type("sync").status(status)
                .rawPayload(raw).build(), Source.POLL, f.clock.instant(), true).job();
    }

    @Test
    void listing_filters_and_sorts_the_tenants_jobs() {
        assertEquals(List.of("fj-2", "fj-1"), listing.list(tenant, new JobQuery(JobFilter.none(), JobSort.CREATED_AT_DESC,
                50, null)).items().stream().map(Job::externalId).toList());
        assertEquals(List.of("fj-2"), listing.list(tenant, new JobQuery(JobFilter.none().withStatuses(Set.of(JobStatus.FAILED)),
                JobSort.CREATED_AT_DESC, 50, null)).items().stream().map(Job::externalId).toList());
    }

    @Test
    void statistics_count_the_tenants_jobs() {
        assertEquals(2, statistics.total(tenant));
        assertEquals(2, statistics.stats(tenant, JobFilter.none(), List.of(GroupKey.STATUS)).groups().size());
    }

    @Test
    void getting_a_job_answers_it_and_its_raw_payload() {
        assertEquals(running.id(), getting.get(tenant, running.id()).orElseThrow().id());
        assertEquals("{\"id\":\"fj-1\"}", getting.rawPayload(tenant, running.id()).orElseThrow());
        assertTrue(getting.rawPayload(tenant, failed.id()).isEmpty(), "no payload read yet");
        assertTrue(getting.get(f.tenant(), running.id()).isEmpty());
        assertTrue(getting.get(tenant, new JobId(UUID.randomUUID())).isEmpty());
    }

    @Test
    void a_jobs_history_is_its_status_changes_oldest_first() {
        assertEquals(List.of(JobStatus.QUEUED, JobStatus.FAILED), histories.history(tenant, failed.id()).orElseThrow()
                .stream().map(StatusChange::status).toList());
        assertTrue(histories.history(f.tenant(), failed.id()).isEmpty(), "another tenant's job is unknown");
    }
}
