package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveringJobsTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final DiscoveringJobs discovering = new DiscoveringJobs(f.jobs, f.connections, f.providers, f.clock,
            Duration.ofDays(7), 500);
    private final TenantId tenant = f.tenant();
    private final Connection anon = f.connection(tenant, Provider.of("anon"));
    private final UseCaseFixture.ScriptedVendor vendor = f.vendor(Provider.of("anon"));

    @Test
    void new_jobs_are_stored_as_discovered_and_counted_once() {
        vendor.put("run-1", JobStatus.RUNNING);
        vendor.put("run-2", JobStatus.SUCCEEDED);
        assertEquals(2, discovering.discover(anon));
        assertEquals(List.of(Source.DISCOVER), f.history(anon, "run-1").stream().map(StatusChange::source).toList());
        vendor.put("run-3", JobStatus.QUEUED);
        assertEquals(1, discovering.discover(anon), "only the new one counts");
        assertEquals(3, f.jobs.all().size());
    }

    @Test
    void the_scope_carries_the_lookback_the_cap_and_the_watched_ids() {
        f.connections.watch(anon.id(), "anon-job-1");
        discovering.discover(anon);
        assertEquals(UseCaseFixture.T0.minus(Duration.ofDays(7)), vendor.lastScope.since());
        assertEquals(500, vendor.lastScope.maxJobs());
        assertEquals(Set.of("anon-job-1"), vendor.lastScope.watchedIds());
    }

    @Test
    void a_failed_list_is_reported_and_stores_nothing() {
        vendor.put("run-1", JobStatus.RUNNING);
        vendor.readFailure = () -> VendorUnavailable.of(FailureCategory.TIMEOUT, (Integer) null);
        assertThrows(VendorUnavailable.class, () -> discovering.discover(anon));
        assertTrue(f.jobs.all().isEmpty());
    }
}
