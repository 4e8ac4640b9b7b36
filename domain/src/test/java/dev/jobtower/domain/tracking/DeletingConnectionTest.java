package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeletingConnectionTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final DeletingConnection deleting = new DeletingConnection(f.connections);
    private final GettingJob getting = new GettingJob(f.jobs);
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));

    @Test
    void a_deleted_connection_is_gone_and_its_jobs_stay_readable() {
        var job = f.jobs.record(tenant, finch.id(), Provider.of("finch"), VendorJob.builder("fj-1").status(JobStatus.RUNNING).build(),
                Source.TRACK, f.clock.instant(), true).job();
        assertFalse(deleting.delete(f.tenant(), finch.id()), "another tenant cannot delete it");
        assertTrue(deleting.delete(tenant, finch.id()));
        assertFalse(deleting.delete(tenant, finch.id()), "gone already");
        assertTrue(f.connections.find(tenant, finch.id()).isEmpty());
        assertTrue(getting.get(tenant, job.id()).isPresent());
    }
}
