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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the poller's claim finds its rows, read from PostgreSQL's account of the work (EXPLAIN ANALYZE: nodes
 * and rows, not time), under the generic plan a prepared statement switches to after a few executions and
 * under custom plans made with statistics from before the jobs fell due: a claim of 100 among 6 000 due jobs
 * locks and leases its 100 rows through the primary key, never scanning the job table or every due job (the
 * bench's poller spent 70-120 ms a claim at 10 k jobs doing that).
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollClaimPlanTest extends JobtowerTest {
    private static final int DUE = 6_000;
    @Inject
    Database db;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    @Inject
    PollQueue queue;

    @BeforeAll
    void manyJobsDueAtOnce() {
        TenantId big = new TenantId(tenancy.createTenant("big").tenant().id());
        TenantId small = new TenantId(tenancy.createTenant("small").tenant().id());
        ConnectionId bigConnection = connection(big);
        ConnectionId smallConnection = connection(small);
        db.write(c -> {
            String insert = "insert into job (id, tenant_id, connection_id, provider, external_id, type, status, created_at,"
                    + " updated_at) select gen_random_uuid(), ?, ?, 'finch', 'job-' || i,"
                    + " 'data_sync_all', 'RUNNING', now(), now() from generate_series(1, ?) i";
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                Rows.bind(ps, big.value(), bigConnection.value(), DUE * 3 / 2);
                ps.executeUpdate();
                Rows.bind(ps, small.value(), smallConnection.value(), 30);
                ps.executeUpdate();
            }
            // statistics taken before the jobs fell due (as in the bench: loaded, analysed, then made due at once):
            // the planner believes almost no job is due
            c.createStatement().execute("insert into job_poll (job_id, tenant_id, poll_backoff) select id, tenant_id, "
                    + "interval '30 seconds' from job on conflict (job_id) do nothing");
            c.createStatement().execute("analyze job");
            c.createStatement().execute("analyze job_poll");
            c.createStatement().execute("update job_poll p set next_poll_at = case when substr(j.external_id, 5)::int % 3 = 0"
                    + " then now() + interval '1 hour' else now() - substr(j.external_id, 5)::int * interval '1 millisecond' end"
                    + " from job j where j.id = p.job_id");
            return null;
        });
    }

    private ConnectionId connection(TenantId tenant) {
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "test",
                Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("token", null));
        return c.id();
    }

    /**
     * The claim's plan as PostgreSQL runs it: {@code force_generic_plan} as once the statement is prepared (not
     * for these values), {@code force_custom_plan} as for its first executions.
     */
    private String plan(String mode) {
        return db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("set local plan_cache_mode = " + mode);
                int[] n = {0};
                String numbered = Pattern.compile("\\?").matcher(PollQueue.CLAIM).replaceAll(m -> "\\$" + ++n[0]);
                s.execute("prepare claim_plan as " + numbered);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("explain (analyze, costs off, timing off) execute claim_plan('test',"
                        + " now() + interval '1 minute', now(), now(), now(), now(), '{}'::uuid[], 100, '{}'::uuid[], '{}'::text[],"
                        + " 100, 100, now(), now())")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                s.execute("deallocate claim_plan");
                c.rollback(); // the leases taken by EXPLAIN ANALYZE go
                return plan.toString();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void a_claim_finds_its_rows_by_primary_key_whatever_the_plan(String mode) {
        String plan = plan(mode);
        assertFalse(plan.contains("Seq Scan on job"), () -> "no scan of the job or job_poll table:\n" + plan);
        assertTrue(plan.contains("job_poll_pkey"), () -> "rows locked and leased through the primary key:\n" + plan);
        assertTrue(plan.contains("job_pkey"), () -> "the claimed jobs read through the primary key:\n" + plan);
        Matcher update = Pattern.compile("Update on job_poll p \\(actual rows=(\\d+)").matcher(plan);
        assertTrue(update.find(), plan);
        assertEquals(100, Integer.parseInt(update.group(1)), plan);
        // no step of the plan reads every due job: the most rows any step returns or filters out is a few claims'
        // worth (an index entry per row version: the leases just taken leave some)
        Matcher rows = Pattern.compile("(?:rows=|Rows Removed by Filter: )(\\d+)").matcher(plan);
        int most = 0;
        while (rows.find()) {
            most = Math.max(most, Integer.parseInt(rows.group(1)));
        }
        int read = most;
        assertTrue(read < DUE / 5, () -> "a step read about every due job:\n" + plan);
    }

    @Test
    void claims_in_turn_lease_every_due_job_once() {
        Set<Object> claimed = new HashSet<>();
        for (List<PollQueue.Claim> batch; !(batch = queue.claim(500)).isEmpty(); ) {
            for (PollQueue.Claim claim : batch) {
                assertTrue(claimed.add(claim.id()), () -> "claimed twice: " + claim);
            }
        }
        assertEquals(DUE + 20, claimed.size()); // the big tenant's due jobs and the small one's
        db.write(c -> c.createStatement().executeUpdate("update job_poll set lease_owner = null, lease_until = null"));
    }
}
