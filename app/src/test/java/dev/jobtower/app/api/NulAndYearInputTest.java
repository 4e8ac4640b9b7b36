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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text PostgreSQL cannot store (a NUL character, in a query parameter or anywhere in a JSON body, keys included)
 * and timestamps outside PostgreSQL's range (year +300000) used to reach the database and answer 500. They are a
 * 400 naming the parameter or field, like any other bad input, and nothing is stored.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NulAndYearInputTest extends JobtowerTest {
    private static final String NUL = "\\u0000";

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
        tenant = fx.newTenant("nul-input");
        finch = fx.newConnection(tenant, "finch", "tok");
    }

    /** One request and the parameter or field its 400 must name. */
    record Bad(String name, String method, String path, String body, String parameter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badInputs() {
        List<Bad> bad = List.of(
                new Bad("list: type with %00", "GET", "/api/v1/jobs?type=data%00sync", null, "type"),
                new Bad("list: q with %00", "GET", "/api/v1/jobs?q=%00", null, "q"),
                new Bad("list: externalId with %00", "GET", "/api/v1/jobs?externalId=abc%00", null, "externalId"),
                new Bad("list: cursor with %00", "GET", "/api/v1/jobs?cursor=%00", null, "cursor"),
                new Bad("list: unknown parameter with %00", "GET", "/api/v1/jobs?colour=%00", null, "colour"),
                new Bad("stats: type with %00", "GET", "/api/v1/jobs/stats?type=%00", null, "type"),
                new Bad("events: q with %00", "GET", "/api/v1/jobs/events?q=a%00", null, "q"),
                new Bad("list: createdAfter in year +300000", "GET", "/api/v1/jobs?createdAfter=%2B300000-01-01T00:00:00Z", null,
                        "createdAfter"),
                new Bad("list: createdBefore in year -5000", "GET", "/api/v1/jobs?createdBefore=-5000-01-01T00:00:00Z", null,
                        "createdBefore"),
                new Bad("list: updatedAfter in year +10000", "GET", "/api/v1/jobs?updatedAfter=%2B10000-01-01T00:00:00Z", null,
                        "updatedAfter"),
                new Bad("list: updatedBefore in year 0", "GET", "/api/v1/jobs?updatedBefore=0000-06-01T00:00:00Z", null,
                        "updatedBefore"),
                new Bad("stats: createdAfter in year +300000", "GET",
                        "/api/v1/jobs/stats?createdAfter=%2B300000-01-01T00:00:00Z", null, "createdAfter"),
                new Bad("events: createdAfter in year +300000", "GET",
                        "/api/v1/jobs/events?createdAfter=%2B300000-01-01T00:00:00Z", null, "createdAfter"),
                new Bad("connection name with NUL", "POST", "/api/v1/connections",
                        "{\"provider\":\"finch\",\"name\":\"Acme" + NUL + "\",\"credentials\":{\"token\":\"t\"}}", "name"),
                new Bad("connection token with NUL", "POST", "/api/v1/connections",
                        "{\"provider\":\"finch\",\"name\":\"n\",\"credentials\":{\"token\":\"t" + NUL + "\"}}", "credentials.token"),
                new Bad("connection rename with NUL", "PATCH", "/api/v1/connections/CONN",
                        "{\"name\":\"" + NUL + "\"}", "name"),
                new Bad("enqueue type with NUL", "POST", "/api/v1/jobs",
                        "{\"connectionId\":\"CONN\",\"type\":\"data_sync_all" + NUL + "\"}", "type"),
                new Bad("enqueue param value with NUL", "POST", "/api/v1/jobs",
                        "{\"connectionId\":\"CONN\",\"type\":\"w4_form_employee_sync\",\"params\":{\"individualId\":\"i" + NUL
                                + "\"}}", "params.individualId"),
                new Bad("enqueue nested param with NUL", "POST", "/api/v1/jobs",
                        "{\"connectionId\":\"CONN\",\"type\":\"t\",\"params\":{\"args\":{\"list\":[\"ok\",\"" + NUL + "\"]}}}",
                        "params.args.list[1]"),
                new Bad("enqueue param name with NUL", "POST", "/api/v1/jobs",
                        "{\"connectionId\":\"CONN\",\"type\":\"t\",\"params\":{\"a" + NUL + "\":1}}", "params"),
                new Bad("track externalId with NUL", "POST", "/api/v1/jobs/track",
                        "{\"connectionId\":\"CONN\",\"externalId\":\"x" + NUL + "\"}", "externalId"),
                new Bad("admin: tenant name with NUL", "POST", "/admin/tenants", "{\"name\":\"acme" + NUL + "\"}", "name"));
        List<Arguments> arguments = new ArrayList<>();
        for (Bad b : bad) {
            arguments.add(Arguments.of(b));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void answers_400_naming_the_parameter(Bad bad) {
        String path = bad.path().replace("CONN", finch.toString());
        String body = bad.body() == null ? null : bad.body().replace("CONN", finch.toString());
        String key = path.startsWith("/admin") ? ADMIN_TOKEN : tenant.apiKey();
        Map<String, String> headers = body == null ? Map.of("Accept", "application/json")
                : Map.of("Accept", "application/json", "Content-Type", "application/json");
        Api.Response r = fx.api.send(bad.method(), path, key, body, headers);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), "content type " + r.contentType());
        JsonNode problem = fx.tree(r.body());
        assertEquals("https://jobtower.dev/problems/validation", problem.get("type").getStringValue());
        List<String> named = new ArrayList<>();
        problem.get("errors").values().forEach(e -> named.add(e.get("parameter").getStringValue()));
        assertTrue(named.contains(bad.parameter()), "errors " + named + " name " + bad.parameter());
        assertTrue(!r.body().contains("\u0000") && !r.body().contains("\\u0000"), "the NUL is not echoed: " + r.body());
    }

    @Test
    void nothing_is_stored_and_valid_text_and_years_still_work() {
        Api.Response before = fx.api.get("/api/v1/connections", tenant.apiKey());
        Api.Response rejected = fx.api.post("/api/v1/connections", tenant.apiKey(),
                "{\"provider\":\"finch\",\"name\":\"Acme" + NUL + "\",\"credentials\":{\"token\":\"t\"}}");
        assertEquals(400, rejected.status(), rejected.body());
        assertEquals(before.body(), fx.api.get("/api/v1/connections", tenant.apiKey()).body());

        // the edges of the accepted range, and text with other unusual characters, are fine
        Api.Response edges = fx.api.get("/api/v1/jobs?createdAfter=0001-01-01T00:00:00Z"
                + "&createdBefore=9999-12-31T23:59:59.999999Z&q=%E2%9C%93%01", tenant.apiKey());
        assertEquals(200, edges.status(), edges.body());
    }
}
