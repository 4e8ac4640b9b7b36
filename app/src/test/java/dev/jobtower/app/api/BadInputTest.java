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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear 4xx problem+json whose {@code errors} name what is wrong, whatever the
 * request's {@code Accept} (a browser's text/html too), and never a 5xx.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;

    ApiFixture fx;
    ApiFixture.Tenant tenant;
    UUID finch;

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        tenant = fx.newTenant("bad-input");
        finch = fx.newConnection(tenant, "finch", "tok");
    }

    /** One bad request: what is sent and the parameter the answer must name. */
    record Bad(String name, String method, String path, String body, String contentType, String parameter, int status,
               Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Bad get(String path, String parameter) {
        return new Bad("GET " + path, "GET", path, null, null, parameter, 400, Map.of());
    }

    static Bad post(String name, String path, String body, String parameter) {
        return new Bad(name, "POST", path, body, "application/json", parameter, 400, Map.of());
    }

    static Stream<Arguments> badInputs() {
        String longQ = "q".repeat(201);
        List<Bad> bad = new ArrayList<>(List.of(
                get("/api/v1/jobs?status=DONE", "status"),
                get("/api/v1/jobs?status=FAILED,DONE", "status"),
                get("/api/v1/jobs?provider=stripe", "provider"),
                get("/api/v1/jobs?statusReason=BECAUSE", "statusReason"),
                get("/api/v1/jobs?connectionId=not-a-uuid", "connectionId"),
                get("/api/v1/jobs?createdAfter=yesterday", "createdAfter"),
                get("/api/v1/jobs?createdBefore=2026-13-01T00:00:00Z", "createdBefore"),
                get("/api/v1/jobs?updatedAfter=2026-03-02", "updatedAfter"),
                get("/api/v1/jobs?updatedBefore=12345", "updatedBefore"),
                get("/api/v1/jobs?limit=0", "limit"),
                get("/api/v1/jobs?limit=201", "limit"),
                get("/api/v1/jobs?limit=-1", "limit"),
                get("/api/v1/jobs?limit=x", "limit"),
                get("/api/v1/jobs?limit=1&limit=2", "limit"),
                get("/api/v1/jobs?sort=name", "sort"),
                get("/api/v1/jobs?cursor=abc", "cursor"),
                get("/api/v1/jobs?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cursor"),
                get("/api/v1/jobs?colour=red", "colour"),
                get("/api/v1/jobs?q=" + longQ, "q"),
                get("/api/v1/jobs/stats?groupBy=colour", "groupBy"),
                get("/api/v1/jobs/stats?cursor=abc", "cursor"),
                get("/api/v1/jobs/not-a-uuid", "id"),
                get("/api/v1/jobs/not-a-uuid/history", "id"),
                get("/api/v1/connections/not-a-uuid", "id"),
                post("malformed JSON", "/api/v1/connections", "{\"provider\": \"finch\",", "body"),
                post("JSON array", "/api/v1/connections", "[]", "body"),
                post("empty body", "/api/v1/connections", "", "body"),
                post("missing provider", "/api/v1/connections", "{\"name\":\"n\",\"credentials\":{\"token\":\"t\"}}", "provider"),
                post("unknown provider", "/api/v1/connections", "{\"provider\":\"stripe\",\"name\":\"n\",\"credentials\":{\"token\":\"t\"}}", "provider"),
                post("missing token", "/api/v1/connections", "{\"provider\":\"finch\",\"name\":\"n\",\"credentials\":{}}", "credentials.token"),
                post("credentials not an object", "/api/v1/connections", "{\"provider\":\"finch\",\"name\":\"n\",\"credentials\":\"t\"}", "credentials"),
                post("name too long", "/api/v1/connections", "{\"provider\":\"finch\",\"name\":\"" + "n".repeat(201) + "\",\"credentials\":{\"token\":\"t\"}}", "name"),
                post("name not a string", "/api/v1/connections", "{\"provider\":\"finch\",\"name\":5,\"credentials\":{\"token\":\"t\"}}", "name"),
                post("unknown field", "/api/v1/connections", "{\"provider\":\"finch\",\"name\":\"n\",\"credentials\":{\"token\":\"t\"},\"colour\":1}", "colour"),
                post("finch secret not base64", "/api/v1/connections", "{\"provider\":\"finch\",\"name\":\"n\",\"credentials\":{\"token\":\"t\"},\"webhookSecret\":\"not base64!!\"}", "webhookSecret"),
                post("anon secret without whsec_", "/api/v1/connections", "{\"provider\":\"anon\",\"name\":\"n\",\"credentials\":{\"token\":\"t\"},\"webhookSecret\":\"c2VjcmV0\"}", "webhookSecret"),
                post("enqueue without fields", "/api/v1/jobs", "{}", "connectionId"),
                post("enqueue with a bad connection id", "/api/v1/jobs", "{\"connectionId\":\"x\",\"type\":\"data_sync_all\"}", "connectionId"),
                post("enqueue with params not an object", "/api/v1/jobs", "{\"connectionId\":\"" + UUID.randomUUID() + "\",\"type\":\"t\",\"params\":[]}", "params"),
                post("track without externalId", "/api/v1/jobs/track", "{\"connectionId\":\"" + UUID.randomUUID() + "\"}", "externalId"),
                new Bad("wrong content type", "POST", "/api/v1/connections", "provider=finch", "text/plain", "Content-Type", 415, Map.of()),
                new Bad("oversized body", "POST", "/api/v1/connections", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}", "application/json", "body", 413, Map.of()),
                new Bad("Idempotency-Key too long", "POST", "/api/v1/jobs", "{}", "application/json", "Idempotency-Key", 400,
                        Map.of("Idempotency-Key", "k".repeat(256))),
                new Bad("admin: tenant without name", "POST", "/admin/tenants", "{}", "application/json", "name", 400, Map.of()),
                new Bad("admin: bad tenant id", "GET", "/admin/tenants/nope/keys", null, null, "tenantId", 400, Map.of())));
        List<Arguments> arguments = new ArrayList<>();
        for (Bad b : bad) {
            arguments.add(Arguments.of(b, "application/json"));
            arguments.add(Arguments.of(b, "text/html"));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} (Accept: {1})")
    @MethodSource("badInputs")
    void answers_a_problem_naming_the_parameter(Bad bad, String accept) {
        Map<String, String> headers = new HashMap<>(bad.headers());
        headers.put("Accept", accept);
        if (bad.contentType() != null) {
            headers.put("Content-Type", bad.contentType());
        }
        String body = bad.body() == null ? null
                : bad.body().replace("\"connectionId\":\"CONN\"", "\"connectionId\":\"" + finch + "\"");
        String key = bad.path().startsWith("/admin") ? ADMIN_TOKEN : tenant.apiKey();
        Api.Response r = fx.api.send(bad.method(), bad.path(), key, body, headers);
        assertEquals(bad.status(), r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), "content type " + r.contentType());
        JsonNode problem = fx.tree(r.body());
        assertTrue(problem.get("type").getStringValue().startsWith("https://jobtower.dev/problems/"));
        assertEquals(bad.status(), problem.get("status").getIntValue());
        List<String> named = new ArrayList<>();
        problem.get("errors").values().forEach(e -> named.add(e.get("parameter").getStringValue()));
        assertTrue(named.contains(bad.parameter()), "errors " + named + " name " + bad.parameter());
        assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), "no stack trace: " + r.body());
    }

    @ParameterizedTest(name = "w4 sync without individualId (Accept: {0})")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/json", "text/html"})
    void enqueue_checks_vendor_params_before_any_vendor_call(String accept) {
        Api.Response r = fx.api.send("POST", "/api/v1/jobs", tenant.apiKey(),
                "{\"connectionId\":\"" + finch + "\",\"type\":\"w4_form_employee_sync\",\"params\":{}}",
                Map.of("Content-Type", "application/json", "Accept", accept));
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("params.individualId"), r.body());
    }

    @ParameterizedTest(name = "unknown route (Accept: {0})")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/json", "text/html"})
    void framework_errors_are_problems_too(String accept) {
        Api.Response notFound = fx.api.send("GET", "/api/v1/nothing-here", tenant.apiKey(), null, Map.of("Accept", accept));
        assertEquals(404, notFound.status());
        assertTrue(notFound.contentType().startsWith("application/problem+json"));
        Api.Response notAllowed = fx.api.send("PUT", "/api/v1/jobs", tenant.apiKey(), "{}",
                Map.of("Accept", accept, "Content-Type", "application/json"));
        assertEquals(405, notAllowed.status());
        assertTrue(notAllowed.contentType().startsWith("application/problem+json"));
    }
}
