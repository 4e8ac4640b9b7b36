package dev.jobtower.app.vendors;

import dev.jobtower.app.support.TestJson;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.app.db.Database;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash-safe enqueue for a vendor without pre-assigned ids (Finch): the vendor answers 201, then
 * storing the job fails (a database fault injected with a trigger). The key is not released; a retry
 * with the same Idempotency-Key (once the first attempt counts as abandoned) stores the vendor's job
 * without a second create: one vendor job, one Jobtower job.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnqueueRecoveryTest extends JobtowerTest {
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort());

    static {
        FINCH.start();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    Database db;

    Api api;
    String key;
    String connection;

    @Override
    protected Map<String, String> extraProperties() {
        // an attempt that never answered counts as abandoned at once (the default waits 60 s)
        return Map.of("jobtower.finch.base-url", FINCH.baseUrl(), "jobtower.idempotency.in-flight-timeout", "0s",
                "jobtower.finch.resilience.retry.initial-backoff", "10ms");
    }

    @AfterAll
    void stopVendor() {
        FINCH.stop();
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURL().toString());
        key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"recovery\"}").body()).get("apiKey").getStringValue();
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-r"))
                .willReturn(okJson("{\"connection_id\":\"conn-r\",\"client_type\":\"production\"}")));
        Api.Response c = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"r\",\"credentials\":{\"token\":\"tok-r\"}}");
        assertEquals(201, c.status(), c.body());
        connection = tree(c.body()).get("id").getStringValue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                tree(api.get("/api/v1/connections/" + connection, key).body()).get("vendorConnectionId").isString());
    }

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }

    void sql(String statement) {
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(statement);
            }
        });
    }

    @Test
    void a_vendor_job_whose_store_failed_is_stored_by_the_retry_never_created_twice() throws Exception {
        String vendorJob = UUID.randomUUID().toString();
        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"" + vendorJob + "\",\"allowed_refreshes\":2,\"remaining_refreshes\":1}")));
        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson("{\"job_id\":\"" + vendorJob
                + "\",\"type\":\"data_sync_all\",\"status\":\"in_progress\",\"created_at\":\"2026-03-02T09:14:05Z\","
                + "\"scheduled_at\":null,\"started_at\":\"2026-03-02T09:14:06Z\",\"completed_at\":null,\"params\":null}")));
        String body = "{\"connectionId\":\"" + connection + "\",\"type\":\"data_sync_all\"}";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "rec-" + vendorJob);

        sql("create function fail_job_store() returns trigger language plpgsql as $$ begin "
                + "raise exception 'injected: storing the job failed'; end $$");
        sql("create trigger fail_job_store before insert on job for each row execute function fail_job_store()");
        Api.Response failed;
        try {
            failed = api.send("POST", "/api/v1/jobs", key, body, headers);
        } finally {
            sql("drop trigger fail_job_store on job");
            sql("drop function fail_job_store()");
        }
        assertTrue(failed.status() >= 500, failed.status() + " " + failed.body());
        assertEquals(0, tree(api.get("/api/v1/jobs?externalId=" + vendorJob, key).body()).get("items").size(),
                "the store failed");

        Api.Response retried = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertEquals(201, retried.status(), retried.body());
        assertEquals(vendorJob, tree(retried.body()).get("externalId").getStringValue());
        assertEquals("RUNNING", tree(retried.body()).get("status").getStringValue(), "read from the vendor");
        Api.Response again = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertEquals(tree(retried.body()).get("id").getStringValue(), tree(again.body()).get("id").getStringValue());

        assertEquals(1, FINCH.countRequestsMatching(postRequestedFor(urlEqualTo("/jobs/automated")).build()).getCount(),
                "one vendor job");
        assertEquals(1, tree(api.get("/api/v1/jobs?externalId=" + vendorJob, key).body()).get("items").size(), "one Jobtower job");
    }
}
