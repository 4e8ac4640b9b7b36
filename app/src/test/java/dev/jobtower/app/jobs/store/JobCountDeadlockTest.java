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

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two jobs changing status in opposite directions at once (RUNNING -> WAITING and WAITING -> RUNNING)
 * in real concurrent transactions: both commit, no deadlock, and the counts stay equal to COUNT(*).
 * The interleaving is forced, not hoped for: a third transaction holds the RUNNING count row until both
 * writers wait for it (seen in pg_stat_activity); with the count rows taken in change order the second
 * writer held the WAITING row by then, and PostgreSQL broke the resulting deadlock by aborting one.
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // so the test database of JobtowerTest is used, not an embedded one
class JobCountDeadlockTest extends JobtowerTest {
    @Inject
    PostgresJobStore store;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    @Inject
    Database db;

    @Test
    void opposite_status_changes_at_once_do_not_deadlock() throws Exception {
        TenantId tenant = new TenantId(tenancy.createTenant("deadlock-" + UUID.randomUUID()).tenant().id());
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "c", Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("t", null));
        UUID a = record(tenant, c.id(), "a", JobStatus.RUNNING);
        UUID b = record(tenant, c.id(), "b", JobStatus.WAITING);

        try (java.sql.Connection holder = open(); java.sql.Connection one = open(); java.sql.Connection two = open()) {
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement("select count from job_count where tenant_id = ? "
                    + "and status = 'RUNNING' for update")) {
                ps.setObject(1, tenant.value());
                ps.executeQuery().close();
            }
            int pidOne = pid(one);
            int pidTwo = pid(two);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> change(one, a, "WAITING"));
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnLock(pidOne));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> change(two, b, "RUNNING"));
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnLock(pidTwo));
            holder.rollback();

            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        }

        assertEquals(1L, count(tenant, "RUNNING"));
        assertEquals(1L, count(tenant, "WAITING"));
    }

    private UUID record(TenantId tenant, ConnectionId connection, String externalId, JobStatus status) {
        return store.record(tenant, connection, Provider.of("finch"), VendorJob.builder(externalId).type("t").status(status).build(),
                Source.POLL, Instant.now(), true).job().id().value();
    }

    private java.sql.Connection open() throws SQLException {
        // the test database's own URL, for connections outside the application's pool
        String url = db.read(c -> c.getMetaData().getURL());
        return DriverManager.getConnection(url, "postgres", "");
    }

    private static int pid(java.sql.Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean waitingOnLock(int pid) throws SQLException {
        try (java.sql.Connection c = open();
             PreparedStatement ps = c.prepareStatement("select wait_event_type from pg_stat_activity where pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "Lock".equals(rs.getString(1));
            }
        }
    }

    private static void change(java.sql.Connection c, UUID job, String status) {
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("update job set status = ? where id = ?")) {
                ps.setString(1, status);
                ps.setObject(2, job);
                assertEquals(1, ps.executeUpdate());
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getSQLState() + " " + e.getMessage(), e);
        }
    }

    private long count(TenantId tenant, String status) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select (select coalesce(sum(count), 0) from job_count where tenant_id = ? "
                    + "and status = ?) - (select count(*) from job where tenant_id = ? and status = ?), "
                    + "(select count(*) from job where tenant_id = ? and status = ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setObject(2 * i + 1, tenant.value());
                    ps.setString(2 * i + 2, status);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(0L, rs.getLong(1), "the counts table equals COUNT(*) for " + status);
                    return rs.getLong(2);
                }
            }
        });
    }
}
