package dev.jobtower.app.sync;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a record finds a job's poll row ({@link PollRows#JOIN}, the look-up {@code PostgresJobStore} locks a job with
 * before it writes a read, and {@code PollQueue} ends a lease with), read from EXPLAIN ANALYZE (nodes and rows, not
 * time): under the generic plan of a prepared statement made while the statistics said {@code job_poll} was empty
 * (as after a start on an empty table, or in the bench, until an analyze), the poll row is still found by primary
 * key. As a plain left join that plan walked the whole primary-key index per record and filtered on the join
 * (issue 19, bench: 5 000 buffers and 2.6 ms a record with 10 000 jobs due).
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollRowLookupPlanTest extends JobtowerTest {
    private static final int JOBS = 3_000;
    @Inject
    Database db;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;

    private ConnectionId connection;

    @BeforeAll
    void manyPolledJobsWithStatisticsFromWhenNoneWas() {
        TenantId tenant = new TenantId(tenancy.createTenant("lookup").tenant().id());
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "test",
                Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("token", null));
        connection = c.id();
        db.write(x -> {
            try (PreparedStatement ps = x.prepareStatement("insert into job (id, tenant_id, connection_id, provider, "
                    + "external_id, type, status, created_at, updated_at) select gen_random_uuid(), ?, ?, 'finch', "
                    + "'job-' || i, 'data_sync_all', 'RUNNING', now(), now() from generate_series(1, ?) i")) {
                Rows.bind(ps, tenant.value(), connection.value(), JOBS);
                ps.executeUpdate();
            }
            x.createStatement().execute("insert into job_poll (job_id, tenant_id, next_poll_at) select id, tenant_id, now() "
                    + "from job on conflict (job_id) do nothing");
            x.createStatement().execute("analyze job");
            return null;
        });
        // statistics from a moment job_poll held no live row (ANALYZE writes them in place: they outlive the rollback)
        db.write(x -> {
            x.createStatement().execute("delete from job_poll");
            x.createStatement().execute("analyze job_poll");
            x.rollback();
            return null;
        });
    }

    private String plan(String join) {
        return db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("set local plan_cache_mode = force_generic_plan");
                s.execute("prepare lookup_plan(uuid, text, text) as select j.id, p.next_poll_at, p.lease_owner from job j"
                        + join + " where j.connection_id = $1 and j.provider = $2 and j.external_id = $3 for update of j");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("explain (analyze, costs off, timing off) execute lookup_plan('"
                        + connection.value() + "', 'finch', 'job-" + (JOBS / 2) + "')")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                s.execute("deallocate lookup_plan");
                c.rollback();
                return plan.toString();
            }
        });
    }

    @Test
    void the_plain_join_these_statistics_mislead_walks_every_poll_row() {
        // the set-up reproduces what the bench saw (else the test below would prove nothing)
        String plan = plan(" left join job_poll p on p.job_id = j.id");
        // the poll rows walked in primary-key order and filtered on the join: how many depends on where the random
        // id falls, so the shape is what is asserted
        assertTrue(plan.contains("Join Filter: (p.job_id = j.id)") && !plan.contains("Index Cond: (job_id = j.id)"),
                () -> "expected the misled plan:\n" + plan);
    }

    @Test
    void a_record_finds_the_poll_row_by_primary_key_under_such_a_generic_plan() {
        String plan = plan(PollRows.JOIN);
        assertTrue(plan.contains("Index Cond: (job_id = j.id)"), () -> "the poll row by primary key:\n" + plan);
        assertFalse(plan.contains("Join Filter"), plan);
        assertTrue(most(plan) <= 1, () -> "a step read more than the one job:\n" + plan);
    }

    /** The most rows any step of the plan returned or filtered out. */
    private static int most(String plan) {
        Matcher rows = Pattern.compile("(?:rows=|Rows Removed by (?:Join )?Filter: )(\\d+)").matcher(plan);
        int most = 0;
        while (rows.find()) {
            most = Math.max(most, Integer.parseInt(rows.group(1)));
        }
        return most;
    }
}
