package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A malformed API key or webhook request is refused before any database work: proved by answering
 * while the table it would read is locked by another transaction (a well-formed request does wait
 * for that lock, shown alongside so the test would fail without the shape checks).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CheapRejectionTest extends JobtowerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Value("${jobtower.db.url}")
    String dbUrl;

    ApiFixture fx;
    ApiFixture.Tenant tenant;

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        tenant = fx.newTenant("cheap");
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"type\":\"job.completed\"}"));
        headers.forEach(b::header);
        return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_malformed_api_key_is_refused_while_the_key_table_is_locked() throws Exception {
        List<String> malformed = List.of("short", "jt_" + "A".repeat(42), "jt_" + "A".repeat(44),
                "jt_" + "A".repeat(42) + "!", "xx_" + "A".repeat(43), "jt_" + "é".repeat(43), "x".repeat(600));
        try (Connection blocker = DriverManager.getConnection(dbUrl, "postgres", "");
             Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("lock table api_key in access exclusive mode");

            CompletableFuture<HttpResponse<String>> wellFormed = sendAsync("GET", "/api/v1/jobs",
                    Map.of("Authorization", "Bearer jt_" + "B".repeat(43)));
            for (String key : malformed) {
                Api.Response r = fx.api.get("/api/v1/jobs", key);
                assertEquals(401, r.status(), key + ": " + r.body());
                assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
                assertTrue(r.body().contains("the API key is not valid"), r.body());
            }
            assertFalse(wellFormed.isDone(), "a key of the right shape is looked up, and waits for the lock");
            blocker.rollback();
            assertEquals(401, wellFormed.get().statusCode());
        }
        assertEquals(200, fx.api.get("/api/v1/jobs", tenant.apiKey()).status());
    }

    @Test
    void a_webhook_without_usable_signature_headers_is_refused_while_the_connection_table_is_locked() throws Exception {
        String connection = UUID.randomUUID().toString();
        Map<String, String> finchShaped = Map.of("Content-Type", "application/json", "Finch-Event-Id", "evt_1",
                "Finch-Timestamp", Long.toString(System.currentTimeMillis() / 1000), "Finch-Signature", "v1,AAAA");
        try (Connection blocker = DriverManager.getConnection(dbUrl, "postgres", "");
             Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("lock table connection in access exclusive mode");

            CompletableFuture<HttpResponse<String>> wellFormed = sendAsync("POST", "/webhooks/finch/" + connection, finchShaped);
            List<Map.Entry<String, Map<String, String>>> refused = List.of(
                    Map.entry("finch", Map.of("Content-Type", "application/json")),
                    Map.entry("finch", Map.of("Content-Type", "application/json", "Finch-Event-Id", "evt_1",
                            "Finch-Timestamp", "yesterday", "Finch-Signature", "v1,AAAA")),
                    Map.entry("finch", Map.of("Content-Type", "application/json", "Finch-Event-Id", "evt_1",
                            "Finch-Timestamp", "1733300000", "Finch-Signature", "v0,not-base64!")),
                    Map.entry("anon", Map.of("Content-Type", "application/json", "svix-id", "msg_1")),
                    Map.entry("invopop", Map.of("Content-Type", "application/json")),
                    Map.entry("invopop", Map.of("Content-Type", "application/json", "Authorization", "Basic abc")));
            for (Map.Entry<String, Map<String, String>> delivery : refused) {
                HttpResponse<String> r = sendAsync("POST", "/webhooks/" + delivery.getKey() + "/" + connection,
                        delivery.getValue()).get();
                assertEquals(401, r.statusCode(), delivery + ": " + r.body());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !wellFormed.isDone());
            blocker.rollback();
            assertEquals(401, wellFormed.get().statusCode(), "then looked up: no such connection");
        }
    }
}
