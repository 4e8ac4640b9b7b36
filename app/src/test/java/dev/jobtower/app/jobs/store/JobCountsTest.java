package dev.jobtower.app.jobs.store;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.support.CountsTable;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counts table behind /stats always equals COUNT(*) over the jobs, whatever sequence of inserts,
 * status and reason changes, type changes and discards happened (random sequences, fixed seeds).
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // so the test database of JobtowerTest is used, not an embedded one
class JobCountsTest extends JobtowerTest {
    @Inject
    PostgresJobStore store;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    @Inject
    Database db;

    @Test
    void counts_equal_count_star_after_random_writes() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            List<TenantId> tenants = new ArrayList<>();
            List<ConnectionId> conns = new ArrayList<>();
            List<Provider> connProviders = new ArrayList<>();
            List<TenantId> connTenants = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                TenantId tenant = new TenantId(tenancy.createTenant("counts-" + UUID.randomUUID()).tenant().id());
                tenants.add(tenant);
                for (Provider p : List.of(Provider.of("finch"), Provider.of("anon"), Provider.of("invopop"))) {
                    Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, p, "c", Instant.now(), null, null);
                    connections.create(c, new ConnectionSecrets("t", null));
                    conns.add(c.id());
                    connProviders.add(p);
                    connTenants.add(tenant);
                }
            }
            JobStatus[] statuses = JobStatus.values();
            StatusReason[] reasons = StatusReason.values();
            for (int op = 0; op < 400; op++) {
                int c = random.nextInt(conns.size());
                String externalId = "job-" + random.nextInt(60);
                if (random.nextInt(10) == 0) {
                    store.discardUnconfirmed(connTenants.get(c), conns.get(c), externalId);
                    continue;
                }
                JobStatus status = statuses[random.nextInt(statuses.length)];
                StatusReason reason = random.nextBoolean() ? null : reasons[random.nextInt(reasons.length)];
                store.record(connTenants.get(c), conns.get(c), connProviders.get(c),
                        VendorJob.builder(externalId).type("type-" + random.nextInt(3)).status(status).statusReason(reason).build(),
                        Source.POLL, Instant.now(), random.nextInt(4) != 0);
            }
            TreeMap<String, Long> fromCounts = CountsTable.fromCounts(db);
            TreeMap<String, Long> fromJobs = CountsTable.fromJobs(db);
            assertTrue(fromJobs.size() > 20, "the random writes spread over many groups");
            assertEquals(fromJobs, fromCounts, "seed " + seed);
        }
    }
}
