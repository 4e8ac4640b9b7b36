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
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import dev.jobtower.domain.query.Keyset;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A search ({@code q}) answered in steps (bounded walks of the covering createdAt index, then the trigram
 * index after the last row walked) lists exactly the rows, in exactly the order and pages, of the one
 * statement it replaces: for frequent, rare, short, escaped and absent terms, both createdAt orders,
 * createdAt ranges, several page sizes, and walk bounds that send each page down every side of the choice.
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobSearchTest extends JobtowerTest {
    private static final int JOBS = 2600;
    private static final Instant BASE = Instant.parse("2026-06-01T12:00:00Z");
    /** {walk, walkMax}: every page by the trigram statement after one row; short walks; mixed; walks only. */
    private static final int[][] BOUNDS = {{1, 1}, {1, 40}, {3, 10}, {50, 400}, {2000, 30000}, {100_000, 100_000}};

    @Inject
    PostgresJobStore store;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    @Inject
    Database db;

    private TenantId tenant;
    private String rareExternalFragment;

    @BeforeAll
    void jobs() {
        tenant = newTenant();
        fill(tenant, JOBS);
        fill(newTenant(), 300); // the same names at another tenant: never listed
        rareExternalFragment = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select substr(external_id, 5, 9) from job where tenant_id = ? "
                    + "and name is null order by created_at limit 1")) {
                ps.setObject(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    void every_side_of_the_search_lists_the_same_rows_in_the_same_pages_as_one_statement() {
        List<String> terms = List.of("globex", "GloBeX", "rarebird", "50%", "f_s", "acm", "job_3", rareExternalFragment,
                "nowhere-to-be-found", "e");
        int compared = 0;
        for (String q : terms) {
            for (JobSort sort : List.of(JobSort.CREATED_AT_DESC, JobSort.CREATED_AT_ASC)) {
                for (Instant[] range : List.of(new Instant[] {null, null},
                        new Instant[] {BASE.minusSeconds(60L * 600), BASE.minusSeconds(60L * 100)})) {
                    JobFilter filter = new JobFilter(null, null, null, null, null, null, range[0], range[1], null, null, q);
                    for (int limit : List.of(7, 50)) {
                        List<List<UUID>> expected = pages(filter, sort, limit, 0, 0);
                        assertEquals(matching(q, range), Set.copyOf(expected.stream().flatMap(List::stream).toList()),
                                "q=" + q + " finds every job whose name, type or external id holds it, case-insensitively");
                        for (int[] bounds : BOUNDS) {
                            assertEquals(expected, pages(filter, sort, limit, bounds[0], bounds[1]),
                                    "q=" + q + " " + sort + " limit " + limit + " walks " + bounds[0] + "/" + bounds[1]);
                            compared++;
                        }
                    }
                }
            }
        }
        assertEquals(10 * 2 * 2 * 2 * BOUNDS.length, compared);
        assertFalse(matching("globex", new Instant[] {null, null}).size() < 60, "a frequent term spans several pages");
        assertEquals(3, matching("rarebird", new Instant[] {null, null}).size());
        assertEquals(3, matching("50%", new Instant[] {null, null}).size(), "% is literal");
        assertEquals(3, matching("f_s", new Instant[] {null, null}).size(), "_ is literal");
    }

    @Test
    void the_walk_reads_the_covering_created_at_index_alone() {
        JobQuery query = new JobQuery(new JobFilter(null, null, null, null, null, null, null, null, null, null, "globex"),
                JobSort.CREATED_AT_DESC, 50, null);
        assertTrue(JobListSql.walkable(query));
        JobListSql walk = JobListSql.walk(tenant, query, 20, Instant.now());
        String plan = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("analyze job")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("explain " + walk.text())) {
                dev.jobtower.app.db.Rows.bind(ps, walk.parameters().toArray());
                StringBuilder text = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        text.append(rs.getString(1)).append('\n');
                    }
                }
                return text.toString();
            }
        });
        assertTrue(plan.contains("Index Only Scan Backward using job_tenant_created on job"), plan);
        // shapes the index does not cover stay one statement
        assertFalse(JobListSql.walkable(new JobQuery(query.filter().withStatuses(Set.of(JobStatus.FAILED)),
                JobSort.CREATED_AT_DESC, 50, null)));
        assertFalse(JobListSql.walkable(new JobQuery(query.filter(), JobSort.UPDATED_AT_DESC, 50, null)));
    }

    private List<List<UUID>> pages(JobFilter filter, JobSort sort, int limit, int walk, int walkMax) {
        List<List<UUID>> pages = new ArrayList<>();
        Keyset after = null;
        do {
            JobPage page = store.list(tenant, new JobQuery(filter, sort, limit, after), walk, walkMax);
            pages.add(page.items().stream().map(j -> j.id().value()).toList());
            after = page.next();
        } while (after != null && pages.size() < 1000);
        return pages;
    }

    /** The jobs of the tenant whose text holds q, by reading them all. */
    private Set<UUID> matching(String q, Instant[] range) {
        String needle = q.toLowerCase(Locale.ROOT);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, name, type, external_id, created_at from job where tenant_id = ?")) {
                ps.setObject(1, tenant.value());
                Set<UUID> ids = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant created = rs.getTimestamp(5).toInstant();
                        boolean inRange = (range[0] == null || !created.isBefore(range[0])) && (range[1] == null || created.isBefore(range[1]));
                        String text = (rs.getString(2) == null ? "" : rs.getString(2)) + "\u001f" + rs.getString(3) + "\u001f" + rs.getString(4);
                        if (inRange && text.toLowerCase(Locale.ROOT).contains(needle)) {
                            ids.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                return ids;
            }
        });
    }

    private TenantId newTenant() {
        TenantId t = new TenantId(tenancy.createTenant("search-" + UUID.randomUUID()).tenant().id());
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), t, Provider.ANON, "c", Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("t", null));
        this.lastConnection = c.id();
        return t;
    }

    private ConnectionId lastConnection;

    /**
     * n jobs: three share each createdAt (the id breaks the tie); names: a frequent customer, three rare
     * ones with LIKE's wildcards in them, look-alikes that an unescaped wildcard would match, none at all.
     */
    private void fill(TenantId t, int n) {
        ConnectionId connection = lastConnection;
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into job (id, tenant_id, connection_id, provider, external_id, type, name, status, created_at, updated_at)
                    select gen_random_uuid(), ?, ?, 'anon', 'run_' || md5(? || i::text), 'job_' || (i % 7),
                           case when i in (777, 1999, 2555) or i = ? - 1 then 'Rarebird 50% off_sale'
                                when i % 97 = 0 then 'Acme 50 off sale'
                                when i % 40 = 1 then 'Globex expense export'
                                when i % 13 = 0 then null
                                else 'Acme payroll report download' end,
                           case when i % 5 = 0 then 'FAILED' else 'SUCCEEDED' end,
                           ?::timestamptz - (i / 3) * interval '1 minute', ?::timestamptz - (i % 11) * interval '1 minute'
                    from generate_series(1, ?) i""")) {
                ps.setObject(1, t.value());
                ps.setObject(2, connection.value());
                ps.setString(3, t.value().toString());
                ps.setInt(4, n == JOBS ? 0 : n);
                ps.setString(5, BASE.toString());
                ps.setString(6, BASE.toString());
                ps.setInt(7, n);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
