package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer, success or error, API or page or static file, tells the browser not to sniff its type
 * and not to let another site frame it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;

    Api api;
    String key;

    @BeforeAll
    void setUp() {
        ApiFixture fx = new ApiFixture(server.getURL().toString(), json, store);
        key = fx.newTenant("headers").apiKey();
        api = new Api(server.getURL().toString());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /, 200, false",
            "GET, /index.html, 200, false",
            "GET, /app.js, 200, false",
            "GET, /app.css, 200, false",
            "GET, /openapi.yml, 200, false",
            "GET, /metrics, 200, false",
            "GET, /api/v1/jobs, 200, true",
            "GET, /api/v1/jobs, 401, false",
            "GET, /api/v1/jobs?status=DONE, 400, true",
            "GET, /api/v1/jobs/00000000-0000-0000-0000-000000000000, 404, true",
            "GET, /no-such-page, 404, false",
            "POST, /webhooks/finch/00000000-0000-0000-0000-000000000000, 401, false",
            "DELETE, /api/v1/jobs, 405, true",
    })
    void every_answer_forbids_sniffing_and_framing(String method, String path, int status, boolean withKey) {
        Api.Response r = api.send(method, path, withKey ? key : null, "POST".equals(method) ? "{}" : null,
                "POST".equals(method) ? Map.of("Content-Type", "application/json") : Map.of());

        assertEquals(status, r.status(), r.body());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), "X-Content-Type-Options");
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), "X-Frame-Options");
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                "Content-Security-Policy: " + r.headers().firstValue("Content-Security-Policy"));
    }
}
