package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.VendorNotFound;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingJobTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final TrackingJob tracking = new TrackingJob(f.jobs, f.connections, f.providers, f.clock);
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));
    private final Connection anon = f.connection(tenant, Provider.of("anon"));

    @Test
    void a_job_at_the_vendor_is_followed_once() {
        f.vendor(Provider.of("finch")).put("fj-1", JobStatus.RUNNING);
        TrackingJob.Tracked first = tracking.track(new TrackCommand(tenant, finch.id(), "fj-1"));
        assertTrue(first.created());
        assertNull(first.watching());
        assertEquals(List.of(Source.TRACK), f.history(finch, "fj-1").stream().map(StatusChange::source).toList());
        TrackingJob.Tracked again = tracking.track(new TrackCommand(tenant, finch.id(), "fj-1"));
        assertFalse(again.created());
        assertEquals(first.jobs().get(0).id(), again.jobs().get(0).id());
        assertEquals(1, f.jobs.all().size());
    }

    @Test
    void a_job_with_no_runs_yet_is_watched_for_runs_to_come() {
        f.vendor(Provider.of("anon")).trackAnswer = new TrackOutcome(List.of(), "anon-job-7");
        TrackingJob.Tracked tracked = tracking.track(new TrackCommand(tenant, anon.id(), "anon-job-7"));
        assertTrue(tracked.jobs().isEmpty());
        assertEquals("anon-job-7", tracked.watching());
        assertEquals(Set.of("anon-job-7"), f.connections.watched(anon.id()));
    }

    @Test
    void an_id_the_vendor_does_not_know_stores_nothing() {
        assertThrows(VendorNotFound.class, () -> tracking.track(new TrackCommand(tenant, finch.id(), "nope")));
        assertTrue(f.jobs.all().isEmpty());
    }

    @Test
    void another_tenants_connection_is_unknown() {
        assertThrows(UnknownConnection.class, () -> tracking.track(new TrackCommand(f.tenant(), finch.id(), "fj-1")));
        assertTrue(f.vendor(Provider.of("finch")).calls.isEmpty());
    }
}
