package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorRateLimited;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Finch adapter and its fixtures against Finch's January 2024 management spec (a copy with the
 * defects REFERENCE.md 1.8 lists mended), through Prism. Run by {@code .ci/checks/prism-finch.sh}, which
 * starts Prism and passes its URLs; skipped in the normal build.
 * <ul>
 *   <li>the adapter's real requests against {@code prism mock}, which validates every request (an invalid
 *       one answers 422, or the spec's own 400/401 example) and answers with the spec's examples;</li>
 *   <li>the adapter through {@code prism proxy --errors} to a WireMock Finch serving our fixtures, for the
 *       paths the mock cannot reach (manual fallback after a 404, 202 re-read, 429 quota): Prism validates
 *       the request (422 when invalid) and the response (500 when it breaks the spec);</li>
 *   <li>every exchange of {@code finch/prism-fixtures.json} (its request, headers and body) replayed through
 *       the proxy, whose answer must be the fixture's own status and JSON; a status the spec does not
 *       declare fails, since Prism would pass it unchecked. Then controls that must be rejected, so a
 *       Prism that stopped validating cannot pass.</li>
 * </ul>
 * Each validated item is printed with the {@code PRISM-CHECK} prefix; the script shows those lines.
 */
@EnabledIfSystemProperty(named = "finch.prism.mock", matches = ".+")
class FinchPrismCheckTest {
    private static final String TOKEN = "prism-check-token";
    private static final ProviderAccount ACCOUNT = new ProviderAccount(new ConnectionId(UUID.randomUUID()), TOKEN, null);
    private static final String INDIVIDUAL = "8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c";
    private static final EnqueueRequest DATA_SYNC = new EnqueueRequest("data_sync_all", Map.of());
    private static final EnqueueRequest W4_SYNC =
            new EnqueueRequest("w4_form_employee_sync", Map.of("individualId", INDIVIDUAL));
    private static final String PRISM_ERRORS = "https://stoplight.io/prism/errors#";

    /** HTTP/1.1: the JDK's default h2c upgrade request hangs against Prism's server. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static WireMockServer upstream;
    private static JsonMapper json;

    @BeforeAll
    static void startUpstream() {
        upstream = new WireMockServer(options().bindAddress("127.0.0.1")
                .port(Integer.parseInt(System.getProperty("finch.prism.upstream-port"))));
        upstream.start();
        json = JsonMapper.createDefault();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.resetAll();
    }

    private static ApplicationContext contextFor(String url) {
        return ApplicationContext.run(Map.of("micronaut.http.services.finch.url", url,
                "micronaut.http.services.finch.read-timeout", "10s"));
    }

    private static void validated(String what) {
        System.out.println("PRISM-CHECK " + what);
    }

    /**
     * Runs an adapter call; a Prism rejection (422 or the spec's 400/401 for a request, 500 for a response)
     * surfaces as the adapter's failure, reported with what was being checked.
     */
    private static <T> T through(String what, Supplier<T> call) {
        try {
            T result = call.get();
            validated(what);
            return result;
        } catch (ProviderException e) {
            throw new AssertionError(what + ": " + e + " (Prism's log, printed by the script, names the violation)", e);
        }
    }

    @Test
    void the_adapters_requests_pass_prism_mock() {
        try (ApplicationContext ctx = contextFor(System.getProperty("finch.prism.mock"))) {
            FinchJobProvider provider = ctx.getBean(FinchJobProvider.class);
            String mock = "mock: ";
            VendorJob job = through(mock + "GET /jobs/automated/{job_id} (fetch)",
                    () -> provider.fetch(ACCOUNT, UUID.randomUUID().toString()));
            assertEquals(JobStatus.QUEUED, job.status(), "the spec example's job is pending");

            EnqueueOutcome created = through(mock + "POST /jobs/automated data_sync_all (enqueue)",
                    () -> provider.enqueue(ACCOUNT, DATA_SYNC, Optional.empty()));
            assertEquals("453bd7d7-5355-4d6d-a38e-d9e7eb218c3f", created.job().externalId(), "the 201 example");
            through(mock + "POST /jobs/automated w4_form_employee_sync (enqueue)",
                    () -> provider.enqueue(ACCOUNT, W4_SYNC, Optional.empty()));

            List<VendorJob> found = through(mock + "GET /jobs/automated?limit&offset (discover)",
                    () -> provider.discover(ACCOUNT, new DiscoveryScope(Instant.EPOCH, Set.of(), 5)));
            assertEquals(1, found.size(), "the list example holds one job");

            through(mock + "GET /introspect (introspect)", () -> provider.introspect(ACCOUNT));
        }
    }

    @Test
    void the_adapter_through_prism_proxy_reads_the_fixtures() {
        try (ApplicationContext ctx = contextFor(System.getProperty("finch.prism.proxy"))) {
            FinchJobProvider provider = ctx.getBean(FinchJobProvider.class);
            String proxy = "proxy: ";

            serve("GET", "/jobs/automated/0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10", 200, "automated/in_progress.json");
            VendorJob running = through(proxy + "fetch automated/in_progress.json",
                    () -> provider.fetch(ACCOUNT, "0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10"));
            assertEquals(JobStatus.RUNNING, running.status());

            serve("GET", "/jobs/automated/c2f0f3b1-8d41-4a8e-b1f2-6a7e3c55e901", 200, "automated/reauth_error.json");
            VendorJob w4 = through(proxy + "fetch automated/reauth_error.json (w4_form_employee_sync, params)",
                    () -> provider.fetch(ACCOUNT, "c2f0f3b1-8d41-4a8e-b1f2-6a7e3c55e901"));
            assertEquals(JobStatus.FAILED, w4.status());

            String manualId = "497d98f3-580a-4ab9-830a-af2346d029b2";
            serve("GET", "/jobs/automated/" + manualId, 404, "errors/404-not-found.json");
            serve("GET", "/jobs/manual/" + manualId, 200, "manual/complete-mixed.json");
            VendorJob manual = through(proxy + "fetch a manual job: automated 404, then manual/complete-mixed.json",
                    () -> provider.fetch(ACCOUNT, manualId));
            assertEquals(JobStatus.SUCCEEDED, manual.status());

            upstream.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                    .willReturn(answer(200, FinchJobs.fixture("list/page.json"))));
            List<VendorJob> found = through(proxy + "discover list/page.json",
                    () -> provider.discover(ACCOUNT, new DiscoveryScope(Instant.EPOCH, Set.of(), 10)));
            assertEquals(2, found.size());

            serve("POST", "/jobs/automated", 201, "enqueue/created-201.json");
            through(proxy + "enqueue data_sync_all, 201 enqueue/created-201.json",
                    () -> provider.enqueue(ACCOUNT, DATA_SYNC, Optional.empty()));
            through(proxy + "enqueue w4_form_employee_sync, 201 enqueue/created-201.json",
                    () -> provider.enqueue(ACCOUNT, W4_SYNC, Optional.empty()));

            String existingId = "de9113d6-e2fa-4c72-ba4a-ee1d8a4f8df6";
            serve("POST", "/jobs/automated", 202, "enqueue/existing-202.json");
            upstream.stubFor(WireMock.get(urlEqualTo("/jobs/automated/" + existingId))
                    .willReturn(answer(200, FinchJobs.anAutomatedJob().withId(existingId).json())));
            EnqueueOutcome existing = through(proxy + "enqueue, 202 enqueue/existing-202.json and its re-read",
                    () -> provider.enqueue(ACCOUNT, DATA_SYNC, Optional.empty()));
            assertTrue(existing.deduplicated());
            assertEquals(JobStatus.RUNNING, existing.job().status(), "read again through the proxy");

            serve("POST", "/jobs/automated", 429, "enqueue/quota-429.json");
            VendorRateLimited limited = assertThrows(VendorRateLimited.class,
                    () -> provider.enqueue(ACCOUNT, DATA_SYNC, Optional.empty()));
            assertEquals(Instant.parse("2026-03-02T11:00:00Z"), limited.retryAt());
            validated(proxy + "enqueue, 429 enqueue/quota-429.json");

            serve("GET", "/introspect", 200, "introspect/introspect.json");
            assertEquals("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
                    through(proxy + "introspect introspect/introspect.json", () -> provider.introspect(ACCOUNT))
                            .vendorConnectionId());
        }
    }

    @Test
    void every_indexed_fixture_passes_prism_proxy_and_the_controls_do_not() throws Exception {
        Map<String, Object> index = read(FinchJobs.fixture("prism-fixtures.json"));
        Map<String, Map<String, Object>> operations = operationsOf(Path.of(System.getProperty("finch.prism.spec")));
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) index.get("requestHeaders");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> exchanges = (List<Map<String, Object>>) index.get("exchanges");
        assertFalse(exchanges.isEmpty());

        List<String> failures = new ArrayList<>();
        int spec = 0;
        for (Map<String, Object> exchange : exchanges) {
            String method = (String) exchange.get("method");
            String path = (String) exchange.get("path");
            int status = ((Number) exchange.get("status")).intValue();
            String response = (String) exchange.get("response");
            String request = (String) exchange.get("request");
            String coverage = (String) exchange.get("coverage");
            String what = coverage + " " + exchange.get("operationId") + " " + method + " " + path
                    + (request == null ? "" : " <- " + request) + " -> " + status + " " + response;
            spec += "spec".equals(coverage) ? 1 : 0;

            // a status the spec does not declare would pass Prism unchecked
            Map<String, Object> declared = declaredResponse(operations, (String) exchange.get("operationId"), status);
            if (declared == null) {
                failures.add(what + ": the spec declares no " + status + " for this operation");
                continue;
            }
            upstream.resetAll();
            upstream.stubFor(WireMock.request(method, urlEqualTo(path))
                    .willReturn(answer(status, FinchJobs.fixture(response))));
            HttpResponse<String> answer = send(method, path, headers, request == null ? null : FinchJobs.fixture(request));
            if (answer.statusCode() != status || !read(answer.body()).equals(read(FinchJobs.fixture(response)))) {
                failures.add(what + ": Prism answered " + answer.statusCode() + " " + answer.body());
                continue;
            }
            validated(what + (hasJsonSchema(declared) ? "" : " (the spec has no body schema for it: status only)"));
        }
        assertTrue(spec > 0, "the index marks no exchange 'spec'");

        // Controls: a body or a request that breaks the spec must be rejected, or the passes above mean nothing.
        upstream.resetAll();
        for (String deviating : List.of("automated/unparseable-timestamps.json", "automated/all-nullable-null.json")) {
            String path = "/jobs/automated/" + UUID.randomUUID();
            upstream.stubFor(WireMock.get(urlEqualTo(path)).willReturn(answer(200, FinchJobs.fixture(deviating))));
            expectRejected(failures, "control: response " + deviating, send("GET", path, headers, null), 500);
        }
        upstream.stubFor(WireMock.post(urlEqualTo("/jobs/automated"))
                .willReturn(answer(201, FinchJobs.fixture("enqueue/created-201.json"))));
        expectRejected(failures, "control: request w4_form_employee_sync without params",
                send("POST", "/jobs/automated", headers, "{\"type\":\"w4_form_employee_sync\"}"), 422);
        Map<String, String> slashedVersion = new HashMap<>(headers);
        slashedVersion.put("Finch-API-Version", "2020/09/17");
        expectRejected(failures, "control: request with Finch-API-Version 2020/09/17",
                send("GET", "/jobs/automated/" + UUID.randomUUID(), slashedVersion, null), 422);

        if (!failures.isEmpty()) {
            fail(failures.size() + " Prism check(s) failed:\n  " + String.join("\n  ", failures));
        }
    }

    private static void expectRejected(List<String> failures, String what, HttpResponse<String> answer, int status) {
        if (answer.statusCode() == status && answer.body().contains(PRISM_ERRORS)) {
            validated(what + " rejected as expected (" + status + ")");
        } else {
            failures.add(what + ": expected Prism to reject it with " + status + ", got " + answer.statusCode()
                    + " " + answer.body());
        }
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(System.getProperty("finch.prism.proxy") + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        // the index's Authorization value is a placeholder ("Bearer <access token>"): send a real-looking token
        headers.forEach((name, value) -> request.header(name,
                name.equalsIgnoreCase("Authorization") ? "Bearer " + TOKEN : value));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void serve(String method, String path, int status, String fixture) {
        upstream.stubFor(WireMock.request(method, urlPathEqualTo(path)).willReturn(answer(status, FinchJobs.fixture(fixture))));
    }

    private static ResponseDefinitionBuilder answer(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @SuppressWarnings("unchecked")
    private static <T> T read(String text) throws IOException {
        return (T) json.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
    }

    /** The spec's operations by operationId. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> operationsOf(Path spec) throws IOException {
        Map<String, Object> document;
        try (InputStream in = Files.newInputStream(spec)) {
            document = new Yaml().load(in);
        }
        Map<String, Map<String, Object>> operations = new HashMap<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.forEach((key, value) -> {
            if (value instanceof Map<?, ?> operation && operation.get("operationId") instanceof String id) {
                operations.put(id, (Map<String, Object>) operation);
            }
        }));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> declaredResponse(Map<String, Map<String, Object>> operations, String id, int status) {
        Map<String, Object> operation = operations.get(id);
        assertNotNull(operation, "the spec has no operation " + id);
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        // YAML keys: '200' quoted is a string, 200 bare an integer
        Object response = responses.containsKey(String.valueOf(status)) ? responses.get(String.valueOf(status))
                : ((Map<Object, Object>) (Map<?, ?>) responses).get(status);
        return response == null ? null : (Map<String, Object>) response;
    }

    @SuppressWarnings("unchecked")
    private static boolean hasJsonSchema(Map<String, Object> response) {
        Object content = response.get("content");
        return content instanceof Map<?, ?> types && types.get("application/json") instanceof Map<?, ?> media
                && ((Map<String, Object>) media).get("schema") != null;
    }
}
