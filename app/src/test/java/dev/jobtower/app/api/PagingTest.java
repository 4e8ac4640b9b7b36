package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyset paging while jobs are written, and cursors that cannot be forged or reused with other filters. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagingTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;

    ApiFixture fx;
    ApiFixture.Tenant tenant;
    UUID connection;
    final Instant base = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        tenant = fx.newTenant("paging-" + UUID.randomUUID());
        connection = fx.newConnection(tenant, "finch", "t");
        for (int i = 0; i < 40; i++) {
            fx.seedJob(tenant, connection, Provider.of("finch"), "job-" + i, JobStatus.RUNNING, base.plus(i, ChronoUnit.MINUTES));
        }
    }

    private JsonNode page(String query) {
        Api.Response r = fx.api.get("/api/v1/jobs?" + query, tenant.apiKey());
        assertEquals(200, r.status(), r.body());
        return fx.tree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void created_at_sort_lists_every_job_that_existed_at_page_one_exactly_once_while_jobs_are_written() {
        for (String sort : List.of("-createdAt", "createdAt")) {
            List<String> seen = new ArrayList<>();
            JsonNode page = page("limit=7&sort=" + enc(sort));
            int writes = 0;
            while (true) {
                page.get("items").values().forEach(j -> seen.add(j.get("externalId").getStringValue()));
                // between pages: new jobs arrive (before, inside and after the window) and old ones change
                fx.seedJob(tenant, connection, Provider.of("finch"), "new-" + sort + "-" + writes, JobStatus.QUEUED,
                        base.plus(writes * 7L, ChronoUnit.MINUTES).plusSeconds(30));
                fx.seedJob(tenant, connection, Provider.of("finch"), "job-" + (writes % 40), JobStatus.SUCCEEDED, base);
                writes++;
                if (page.get("nextCursor").isNull()) {
                    break;
                }
                page = page("limit=7&sort=" + enc(sort) + "&cursor=" + page.get("nextCursor").getStringValue());
            }
            Set<String> original = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                original.add("job-" + i);
            }
            List<String> originalSeen = seen.stream().filter(original::contains).toList();
            assertEquals(40, originalSeen.size(), sort + ": every original job once, got " + originalSeen);
            assertEquals(40, new HashSet<>(originalSeen).size());
            assertEquals(seen.size(), new HashSet<>(seen).size(), sort + ": no job twice");
        }
    }

    @Test
    void updated_at_sort_never_lists_a_job_twice_while_jobs_change() {
        for (String sort : List.of("updatedAt", "-updatedAt")) {
            List<String> seen = new ArrayList<>();
            JsonNode page = page("limit=6&sort=" + enc(sort));
            int round = 0;
            while (true) {
                List<String> ids = new ArrayList<>();
                page.get("items").values().forEach(j -> ids.add(j.get("externalId").getStringValue()));
                seen.addAll(ids);
                // change a job already listed, so its updatedAt moves past the cursor
                if (!ids.isEmpty()) {
                    fx.seedJob(tenant, connection, Provider.of("finch"), ids.get(0),
                            round % 2 == 0 ? JobStatus.WAITING : JobStatus.RUNNING, base);
                }
                round++;
                if (page.get("nextCursor").isNull()) {
                    break;
                }
                page = page("limit=6&sort=" + enc(sort) + "&cursor=" + page.get("nextCursor").getStringValue());
            }
            assertEquals(seen.size(), new HashSet<>(seen).size(), sort + ": no job twice in " + seen);
            assertTrue(round > 3);
        }
    }

    @Test
    void a_forged_cursor_and_a_cursor_reused_with_other_filters_are_400() {
        String cursor = page("limit=5&status=RUNNING").get("nextCursor").getStringValue();
        assertEquals(200, fx.api.get("/api/v1/jobs?limit=5&status=RUNNING&cursor=" + cursor, tenant.apiKey()).status());
        assertEquals(200, fx.api.get("/api/v1/jobs?limit=9&status=RUNNING&cursor=" + cursor, tenant.apiKey()).status(),
                "the page size may change between pages");

        Api.Response otherFilter = fx.api.get("/api/v1/jobs?limit=5&status=FAILED&cursor=" + cursor, tenant.apiKey());
        assertEquals(400, otherFilter.status());
        assertTrue(otherFilter.body().contains("\"cursor\""));
        assertEquals(400, fx.api.get("/api/v1/jobs?limit=5&status=RUNNING&sort=createdAt&cursor=" + cursor, tenant.apiKey()).status());

        char[] chars = cursor.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        Api.Response forged = fx.api.get("/api/v1/jobs?limit=5&status=RUNNING&cursor=" + new String(chars), tenant.apiKey());
        assertEquals(400, forged.status());
        assertEquals(400, fx.api.get("/api/v1/jobs?limit=5&status=RUNNING&cursor=" + cursor.substring(0, cursor.length() - 3),
                tenant.apiKey()).status(), "a truncated cursor");
    }
}
