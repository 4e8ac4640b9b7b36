package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.MovableClock;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request rate per API key (API.md "Limits and fairness"), seen as a client sees it: RateLimit-*
 * headers on every answer, then 429 rate-limited with Retry-After and retryAt, until time moves on.
 * 1 request per second with a burst of 3, on a clock that only the test moves.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    MovableClock clock;

    ApiFixture fx;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("test.movable-clock", "true", "jobtower.rate-limit", "1", "jobtower.rate-limit-burst", "3");
    }

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
    }

    private static String header(Api.Response r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void a_burst_passes_with_ratelimit_headers_then_429_with_retry_after_until_time_moves_on() {
        ApiFixture.Tenant a = fx.newTenant("rate-a");
        for (int i = 0; i < 3; i++) {
            Api.Response ok = fx.api.get("/api/v1/connections", a.apiKey());
            assertEquals(200, ok.status(), ok.body());
            assertEquals("3", header(ok, "RateLimit-Limit"));
            assertEquals(Integer.toString(2 - i), header(ok, "RateLimit-Remaining"));
            assertEquals(Integer.toString(i + 1), header(ok, "RateLimit-Reset"), "seconds until the bucket is full");
        }
        Api.Response refused = fx.api.get("/api/v1/connections", a.apiKey());
        assertEquals(429, refused.status(), refused.body());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        JsonNode problem = fx.tree(refused.body());
        assertEquals("https://jobtower.dev/problems/rate-limited", problem.get("type").getStringValue());
        assertEquals(clock.instant().plusSeconds(1), Instant.parse(problem.get("retryAt").getStringValue()));
        assertEquals("1", header(refused, "Retry-After"));
        assertEquals("3", header(refused, "RateLimit-Limit"));
        assertEquals("0", header(refused, "RateLimit-Remaining"));
        assertEquals("3", header(refused, "RateLimit-Reset"));

        assertEquals(429, fx.api.get("/api/v1/jobs", a.apiKey()).status(), "every /api route shares the key's bucket");

        clock.advance(Duration.ofSeconds(1));
        Api.Response again = fx.api.get("/api/v1/connections", a.apiKey());
        assertEquals(200, again.status(), again.body());
        assertEquals("0", header(again, "RateLimit-Remaining"));
        assertEquals(429, fx.api.get("/api/v1/connections", a.apiKey()).status());
    }

    @Test
    void each_api_key_has_its_own_bucket_even_within_a_tenant() {
        ApiFixture.Tenant a = fx.newTenant("rate-keys");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, fx.api.get("/api/v1/connections", a.apiKey()).status());
        }
        assertEquals(429, fx.api.get("/api/v1/connections", a.apiKey()).status());

        Api.Response minted = fx.api.post("/admin/tenants/" + a.id() + "/keys", JobtowerTest.ADMIN_TOKEN, null);
        assertEquals(201, minted.status(), minted.body());
        String second = fx.tree(minted.body()).get("apiKey").getStringValue();
        Api.Response ok = fx.api.get("/api/v1/connections", second);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("2", header(ok, "RateLimit-Remaining"));

        ApiFixture.Tenant b = fx.newTenant("rate-other");
        assertEquals(200, fx.api.get("/api/v1/connections", b.apiKey()).status(), "another tenant is untouched");
    }

    @Test
    void the_event_stream_carries_the_headers_and_takes_one_token_when_opened() throws Exception {
        ApiFixture.Tenant a = fx.newTenant("rate-stream");
        java.net.http.HttpResponse<java.io.InputStream> stream = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.getURL() + "/api/v1/jobs/events"))
                        .header("Authorization", "Bearer " + a.apiKey()).header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertEquals(200, stream.statusCode());
            assertEquals("3", stream.headers().firstValue("RateLimit-Limit").orElse(null));
            assertEquals("2", stream.headers().firstValue("RateLimit-Remaining").orElse(null));
        } finally {
            stream.body().close();
        }
        assertEquals("1", header(fx.api.get("/api/v1/connections", a.apiKey()), "RateLimit-Remaining"));
    }

    @Test
    void error_answers_carry_the_headers_too_and_a_refused_key_takes_no_token() {
        ApiFixture.Tenant a = fx.newTenant("rate-errors");
        Api.Response missing = fx.api.get("/api/v1/jobs/" + UUID.randomUUID(), a.apiKey());
        assertEquals(404, missing.status(), missing.body());
        assertEquals("2", header(missing, "RateLimit-Remaining"));

        Api.Response bad = fx.api.get("/api/v1/jobs?status=DONE", a.apiKey());
        assertEquals(400, bad.status(), bad.body());
        assertEquals("1", header(bad, "RateLimit-Remaining"));

        Api.Response unknown = fx.api.get("/api/v1/connections", "jt_" + "A".repeat(43));
        assertEquals(401, unknown.status());
        assertFalse(unknown.headers().firstValue("RateLimit-Remaining").isPresent(), "no bucket for a key that is not one");
        assertEquals("0", header(fx.api.get("/api/v1/connections", a.apiKey()), "RateLimit-Remaining"));
    }
}
