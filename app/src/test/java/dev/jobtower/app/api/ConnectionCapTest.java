package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JOBTOWER_TENANT_MAX_CONNECTIONS: the next POST /api/v1/connections is 409 limit-exceeded, per tenant. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionCapTest extends JobtowerTest {
    private static final int MAX = 3;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;

    ApiFixture fx;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.tenant-max-connections", Integer.toString(MAX));
    }

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
    }

    private Api.Response create(ApiFixture.Tenant tenant, String name) {
        return fx.api.post("/api/v1/connections", tenant.apiKey(),
                "{\"provider\":\"finch\",\"name\":\"" + name + "\",\"credentials\":{\"token\":\"tok-" + name + "\"}}");
    }

    @Test
    void the_connection_past_the_cap_is_409_limit_exceeded_until_one_is_deleted() {
        ApiFixture.Tenant a = fx.newTenant("cap-a");
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            Api.Response r = create(a, "conn-" + i);
            assertEquals(201, r.status(), r.body());
            made.add(UUID.fromString(fx.tree(r.body()).get("id").getStringValue()));
        }
        Api.Response refused = create(a, "one-too-many");
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        JsonNode problem = fx.tree(refused.body());
        assertEquals("https://jobtower.dev/problems/limit-exceeded", problem.get("type").getStringValue());
        assertTrue(problem.get("detail").getStringValue().contains("at most " + MAX + " connections"), refused.body());
        assertEquals(MAX, fx.tree(fx.api.get("/api/v1/connections", a.apiKey()).body()).get("items").size(),
                "nothing was stored");

        ApiFixture.Tenant b = fx.newTenant("cap-b");
        assertEquals(201, create(b, "b-first").status(), "the cap is per tenant");

        assertEquals(204, fx.api.send("DELETE", "/api/v1/connections/" + made.get(0), a.apiKey(), null, Map.of()).status());
        assertEquals(201, create(a, "after-delete").status(), "a deleted connection no longer counts");
        assertEquals(409, create(a, "full-again").status());
    }

    @Test
    void concurrent_creates_never_pass_the_cap_together() throws Exception {
        ApiFixture.Tenant t = fx.newTenant("cap-race");
        int clients = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = "race-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return create(t, name).status();
                }));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<Integer> f : answers) {
                int status = f.get();
                if (status == 201) {
                    created++;
                } else if (status == 409) {
                    refused++;
                }
            }
            assertEquals(MAX, created);
            assertEquals(clients - MAX, refused);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(MAX, fx.tree(fx.api.get("/api/v1/connections", t.apiKey()).body()).get("items").size());
    }
}
