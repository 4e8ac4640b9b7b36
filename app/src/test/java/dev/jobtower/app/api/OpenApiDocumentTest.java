package dev.jobtower.app.api;

import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served /openapi.yml describes every route the application has, the way API.md "Operations" asks: an
 * endpoint added without its annotations fails here, in the ordinary build (the npm check in
 * .ci/checks/openapi-client.sh goes further: lint, a generated client, answers validated).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest extends JobtowerTest {
    /** API.md's stable operationIds, plus the two operations endpoints. */
    private static final Set<String> OPERATION_IDS = Set.of("listJobs", "getJob", "getJobRaw", "getJobHistory",
            "refreshJob", "enqueueJob", "trackJob", "getJobStats", "getJobDurations", "getJobTimeseries",
            "streamJobEvents", "listConnections", "createConnection", "getConnection", "updateConnection",
            "deleteConnection", "listProviders", "createTenant", "createApiKey", "listApiKeys", "revokeApiKey",
            "receiveWebhook", "listWebhookEndpoints", "createWebhookEndpoint", "getWebhookEndpoint",
            "updateWebhookEndpoint", "deleteWebhookEndpoint", "rotateWebhookEndpointSecret", "listWebhookMessages",
            "resendWebhookMessage", "recoverWebhookEndpoint", "testWebhookEndpoint", "getHealth", "getMetrics");

    @Inject
    EmbeddedServer server;
    @Inject
    Router router;

    Map<String, Map<String, Map<String, Object>>> paths;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void load() {
        Api.Response r = new Api(server.getURL().toString()).get("/openapi.yml", null);
        assertEquals(200, r.status());
        Map<String, Object> document = new Yaml().load(r.body());
        paths = (Map<String, Map<String, Map<String, Object>>>) document.get("paths");
    }

    @Test
    void every_route_is_described_with_a_stable_operation_id() {
        List<String> missing = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        router.uriRoutes().map(UriRouteInfo.class::cast).forEach(route -> {
            String path = route.getUriMatchTemplate().toPathString();
            HttpMethod method = route.getHttpMethod();
            if (path.startsWith("/_demo") || path.equals("/openapi.yml") || path.startsWith("/swagger-ui")
                    || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS || path.equals("/")) {
                return; // the demo simulators, the document itself and the dashboard's pages are not the API
            }
            if (route instanceof MethodBasedRouteInfo<?, ?> m
                    && m.getTargetMethod().getDeclaringType().getName().matches("io\\.micronaut\\.(management|flyway)\\..*")) {
                return; // Micronaut's management endpoints (sensitive ones answer 401); /health is checked below
            }
            if (!seen.add(method + " " + path)) {
                return; // one route can be registered more than once (per media type)
            }
            Map<String, Object> operation = operation(path, method);
            if (operation == null) {
                missing.add(method + " " + path);
                return;
            }
            String id = (String) operation.get("operationId");
            assertTrue(OPERATION_IDS.contains(id), method + " " + path + ": operationId " + id + " is not one API.md lists");
            assertTrue(ids.add(id), "operationId " + id + " is used twice");
        });
        assertTrue(missing.isEmpty(), "routes missing from /openapi.yml: " + missing);
        assertTrue(operation("/health", HttpMethod.GET) != null, "GET /health is described");
    }

    @Test
    @SuppressWarnings("unchecked")
    void api_operations_name_their_security_their_errors_and_their_bodies() {
        paths.forEach((path, item) -> item.forEach((method, op) -> {
            String what = method.toUpperCase() + " " + path;
            Map<String, Object> responses = (Map<String, Object>) op.get("responses");
            if (path.startsWith("/api/") || path.startsWith("/admin/")) {
                assertNotNull(op.get("security"), what + ": a security requirement");
                for (String status : List.of("400", "401")) {
                    Map<String, Object> error = (Map<String, Object>) responses.get(status);
                    assertNotNull(error, what + ": answers " + status);
                    assertTrue(String.valueOf(error.get("$ref")).startsWith("#/components/responses/"),
                            what + ": " + status + " is a shared problem+json answer");
                }
            }
            Map<String, Object> body = (Map<String, Object>) op.get("requestBody");
            if (body != null && (path.startsWith("/api/") || path.startsWith("/admin/"))) {
                Map<String, Object> content = (Map<String, Object>) body.get("content");
                Map<String, Object> json = (Map<String, Object>) content.get("application/json");
                assertNotNull(json, what + ": a JSON body");
                Map<String, Object> schema = (Map<String, Object>) json.get("schema");
                assertTrue(String.valueOf(schema.get("$ref")).startsWith("#/components/schemas/"),
                        what + ": the body is a described schema, not " + schema);
            }
        }));
        assertTrue(((Map<String, Object>) paths.get("/api/v1/jobs").get("post").get("responses")).containsKey("201"));
        assertTrue(((Map<String, Object>) paths.get("/api/v1/connections/{id}").get("delete").get("responses")).containsKey("204"));
        assertEquals(14, ((List<?>) paths.get("/api/v1/jobs").get("get").get("parameters")).size(), "listJobs parameters");
    }

    private Map<String, Object> operation(String path, HttpMethod method) {
        Map<String, Map<String, Object>> item = paths.get(path);
        return item == null ? null : item.get(method.name().toLowerCase());
    }
}
