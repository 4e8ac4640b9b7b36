package dev.jobtower.app.jobs.store;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a search finds its matches, read from PostgreSQL's own account of the work (EXPLAIN ANALYZE: rows
 * and index used, not time), on a tenant of 20 000 jobs: a frequent term fills its page from a short
 * walk of the newest jobs; a rare term, or a filter none of a term's matches pass, reads only its matches
 * through the tenant-led trigram index (V21) instead of every job of the tenant.
 * (At 1 M jobs, bench/run's q rows; the plans are in the issue 19 report and README "Search at scale".)
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPlanTest extends JobtowerTest {
    private static final int JOBS = 20_000;
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    @Inject
    PostgresJobStore store;
    @Inject
    Database db;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    private TenantId tenant;
    private String rareId;

    @BeforeAll
    void aTenantOfTwentyThousandJobs() {
        tenant = new TenantId(tenancy.createTenant("big").tenant().id());
        TenantId other = new TenantId(tenancy.createTenant("other").tenant().id());
        ConnectionId anon = connection(tenant, Provider.of("anon"));
        ConnectionId finch = connection(tenant, Provider.of("finch"));
        ConnectionId otherAnon = connection(other, Provider.of("anon"));
        db.write(c -> {
            // one job in 40 names Globex (an anon one); finch jobs have no name; another tenant is all Globex
            String insert = "insert into job (id, tenant_id, connection_id, provider, external_id, type, name, status,"
                    + " created_at, updated_at) select gen_random_uuid(), ?, case when i % 2 = 0 then ? else ? end,"
                    + " case when i % 2 = 0 then 'anon' else 'finch' end, 'run_' || md5(i::text || ?),"
                    + " case when i % 2 = 0 then 'job_1' else 'data_sync_all' end,"
                    + " case when i % 2 = 1 then null when i % 40 = 0 then 'Globex export ' || i else 'Initech export ' || i end,"
                    + " 'SUCCEEDED', ?::timestamptz - i * interval '1 minute', ?::timestamptz - i * interval '1 minute'"
                    + " from generate_series(1, ?) i";
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                Rows.bind(ps, tenant.value(), anon.value(), finch.value(), "big", NOW, NOW, JOBS);
                ps.executeUpdate();
                Rows.bind(ps, other.value(), otherAnon.value(), otherAnon.value(), "other", NOW, NOW, 2_000);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "update job set name = 'Globex export ' || external_id, provider = 'anon' where tenant_id = ?")) {
                Rows.bind(ps, other.value());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "select external_id from job where tenant_id = ? and provider = 'finch' order by created_at limit 1")) {
                Rows.bind(ps, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rareId = rs.getString(1).substring(4, 16);
                }
            }
            // as after a bulk load and autovacuum: the trigram index's pending list merged, statistics read
            c.createStatement().execute("select gin_clean_pending_list('job_search_tenant'::regclass)");
            c.createStatement().execute("analyze job");
            return null;
        });
    }

    private ConnectionId connection(TenantId t, Provider provider) {
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), t, provider, "test", Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("token", null));
        return c.id();
    }

    private static JobQuery query(Set<Provider> providers, String q) {
        return new JobQuery(new JobFilter(providers, null, null, null, null, null, null, null, null, null, q),
                JobSort.CREATED_AT_DESC, 50, null);
    }

    private String explain(JobListSql sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("explain (analyze, costs off, timing off) " + sql.text())) {
                Rows.bind(ps, sql.parameters().toArray());
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            }
        });
    }

    private static int number(String plan, String regex) {
        Matcher m = Pattern.compile(regex).matcher(plan);
        assertTrue(m.find(), () -> regex + " in\n" + plan);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void a_frequent_term_fills_its_page_from_a_short_walk_of_the_newest_jobs() {
        JobQuery q = query(null, "globex");
        String walk = explain(JobListSql.walk(tenant, q, store.searchWalkRows));
        // the walk reads the search text from the index (V31): the table only for the page's jobs (and, until
        // autovacuum has marked their pages all-visible, to check the walked rows' visibility: "Heap Fetches")
        assertTrue(walk.contains("Index Only Scan Backward using job_tenant_created_search"), walk);
        assertEquals(51, number(walk, "Limit \\(actual rows=(\\d+)"), "the walk alone fills the page\n" + walk);
        assertEquals(51, number(walk, "Index Scan using job_pkey on job j \\(actual rows=1 loops=(\\d+)"),
                "the table read for the page's jobs only\n" + walk);
        int read = number(walk, "Rows Removed by Filter: (\\d+)") + 51;
        assertEquals(51 * 40, read, "read the 40 jobs per match (1 in 40 names Globex) up to the page's last, not the tenant: "
                + read + "\n" + walk);

        JobPage page = store.list(tenant, q);
        assertEquals(50, page.items().size());
        assertNotNull(page.next());
        assertTrue(page.items().stream().allMatch(j -> j.name().startsWith("Globex")));
    }

    @Test
    void a_rare_term_reads_only_its_match_through_the_trigram_index() {
        JobQuery q = query(null, rareId.toUpperCase());
        List<Job> found = store.list(tenant, q).items();
        assertEquals(1, found.size());
        assertTrue(found.get(0).externalId().contains(rareId));

        String trigram = explain(JobListSql.of(tenant, q));
        assertTrue(trigram.contains("Bitmap Index Scan on job_search_tenant"), trigram);
        assertFalse(trigram.contains("Seq Scan"), trigram);
        assertTrue(number(trigram, "Heap Blocks: exact=(\\d+)") <= 2, "one job's page, not the tenant's\n" + trigram);
    }

    @Test
    void a_filter_none_of_the_matches_pass_reads_none_of_them() {
        // 500 anon jobs of this tenant and 2 000 of another name Globex; no finch job does
        JobQuery q = query(Set.of(Provider.of("finch")), "globex");
        assertEquals(List.of(), store.list(tenant, q).items());

        String trigram = explain(JobListSql.of(tenant, q));
        assertTrue(trigram.contains("Bitmap Index Scan on job_search_tenant (actual rows=0 loops=1)"),
                "tenant, provider and term are all in the index: no other provider's or tenant's match is read\n" + trigram);
    }
}
