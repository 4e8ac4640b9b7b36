package dev.jobtower.app.jobs.store;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every row of the job tables carries its tenant (the distribution column a sharded PostgreSQL needs,
 * docs/scaling.md), filled from the parent row when a writer leaves it out.
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // so the test database of JobtowerTest is used, not an embedded one
class TenantOnEveryRowTest extends JobtowerTest {
    @Inject
    PostgresJobStore store;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    @Inject
    Database db;

    @Test
    void history_payload_inbox_and_watch_rows_carry_the_tenant_of_their_job_or_connection() {
        List<UUID> tenants = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            TenantId tenant = new TenantId(tenancy.createTenant("rows-" + UUID.randomUUID()).tenant().id());
            tenants.add(tenant.value());
            Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "c", Instant.now(), null, null);
            connections.create(c, new ConnectionSecrets("t", null));
            store.record(tenant, c.id(), Provider.of("finch"), VendorJob.builder("job-" + t).type("data_sync_all")
                    .status(JobStatus.RUNNING).rawPayload("{\"job_id\":\"job-" + t + "\"}").build(), Source.TRACK, Instant.now(), true);
            store.record(tenant, c.id(), Provider.of("finch"), VendorJob.builder("job-" + t).type("data_sync_all")
                    .status(JobStatus.SUCCEEDED).rawPayload("{\"job_id\":\"job-" + t + "\"}").build(), Source.POLL, Instant.now(), true);
            db.write(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("insert into webhook_inbox (connection_id, event_id, provider, "
                        + "received_at, signal) values (?, 'evt-1', 'finch', now(), '{}')")) {
                    ps.setObject(1, c.id().value());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = conn.prepareStatement("insert into connection_watch (connection_id, watched_id, created_at) "
                        + "values (?, 'watched', now())")) {
                    ps.setObject(1, c.id().value());
                    ps.executeUpdate();
                }
                return null;
            });
        }
        assertEquals(0, mismatches("select count(*) from job_history h join job j on j.id = h.job_id where h.tenant_id <> j.tenant_id"));
        assertEquals(0, mismatches("select count(*) from job_payload p join job j on j.id = p.job_id where p.tenant_id <> j.tenant_id"));
        assertEquals(0, mismatches("select count(*) from webhook_inbox w join connection c on c.id = w.connection_id where w.tenant_id <> c.tenant_id"));
        assertEquals(0, mismatches("select count(*) from connection_watch w join connection c on c.id = w.connection_id where w.tenant_id <> c.tenant_id"));
        for (UUID tenant : tenants) {
            assertEquals(2, rows("job_history", tenant), "two status rows of the tenant's job");
            assertEquals(1, rows("job_payload", tenant));
            assertEquals(1, rows("webhook_inbox", tenant));
            assertEquals(1, rows("connection_watch", tenant));
        }
    }

    private long rows(String table, UUID tenant) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from " + table + " where tenant_id = ?")) {
                ps.setObject(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long mismatches(String sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
