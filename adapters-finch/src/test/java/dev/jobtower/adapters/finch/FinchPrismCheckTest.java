package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
 * The Finch adapter and every Finch fixture against Finch's 2026 OpenAPI document, through Prism. Run by
 * {@code .ci/checks/prism-finch.sh}, which starts Prism and passes its URLs; skipped in the normal build.
 * <ul>
 *   <li>the adapter's real requests against {@code prism mock} of the document, which validates each request
 *       (an invalid one answers 422 or the document's own 400) and answers from the document's examples;</li>
 *   <li>the adapter through {@code prism proxy --errors} to a WireMock Finch serving the fixtures (a manual job
 *       after the bodiless automated 404, a benefits webhook's manual job, the manual 400, the 202 re-read, the
 *       429 quota): Prism validates the request (422) and the response (500 when it breaks the document);</li>
 *   <li>every fixture of {@code finch/prism-fixtures.json}: exchanges replayed through the proxy, bodies with no
 *       path (webhooks, undeclared error statuses) posted to a harness whose request bodies {@code $ref} the
 *       document's component schemas; then the deviating fixtures, a generated control per validated response
 *       and schema, and two bad requests, all of which must be REJECTED, so a Prism that stopped validating (or
 *       silently skipped a schema it could not compile) fails the check instead of passing it.</li>
 * </ul>
 * With {@code -Dfinch.prism.break=<fixture>} that fixture is served broken (wrapped in another object), which
 * must fail the check: {@code PRISM_FINCH_BREAK=manual/complete-mixed.json bash .ci/checks/prism-finch.sh}.
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
    private static final String WEBHOOK_SECRET = "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";
    /** A body no object schema accepts: the generated control for each validated response and schema. */
    private static final String NOT_AN_OBJECT = "42";

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

    /** A fixture as served to Prism: broken on purpose when {@code finch.prism.break} names it. */
    private static String fixture(String name) {
        String text = FinchJobs.fixture(name);
        return name.equals(System.getProperty("finch.prism.break")) ? "{\"broken_on_purpose\":" + text + "}" : text;
    }

    /**
     * Runs an adapter call; a Prism rejection (422 or the document's 400 for a request, 500 for a response)
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

    private static WebhookDelivery signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        return WebhookDelivery.of(Map.of(FinchWebhooks.EVENT_ID_HEADER, "msg_prism",
                FinchWebhooks.TIMESTAMP_HEADER, Long.toString(now),
                FinchWebhooks.SIGNATURE_HEADER, FinchWebhooks.VERIFIER.sign("msg_prism", now, bytes, WEBHOOK_SECRET)), bytes);
    }

    @Test
    void the_adapters_requests_pass_prism_mock() {
        try (ApplicationContext ctx = contextFor(System.getProperty("finch.prism.mock"))) {
            FinchJobProvider provider = ctx.getBean(FinchJobProvider.class);
            String mock = "mock: ";
            VendorJob job = through(mock + "GET /jobs/automated/{job_id} (fetch)",
                    () -> provider.fetch(ACCOUNT, UUID.randomUUID().toString()));
            assertEquals("automated", job.attributes().get("kind"));

            EnqueueOutcome created = through(mock + "POST /jobs/automated data_sync_all (enqueue)",
                    () -> provider.enqueue(ACCOUNT, DATA_SYNC, Optional.empty()));
            assertEquals("453bd7d7-5355-4d6d-a38e-d9e7eb218c3f", created.job().externalId(), "the 201 example");
            through(mock + "POST /jobs/automated w4_form_employee_sync (enqueue)",
                    () -> provider.enqueue(ACCOUNT, W4_SYNC, Optional.empty()));

            List<VendorJob> found = through(mock + "GET /jobs/automated?limit&offset (discover)",
                    () -> provider.discover(ACCOUNT, new DiscoveryScope(Instant.EPOCH, Set.of(), 5)));
            assertEquals(1, found.size(), "the document's list holds one job");

            through(mock + "GET /introspect (introspect)", () -> provider.introspect(ACCOUNT));

            // a benefits webhook names a manual job: its read is GET /jobs/manual/{job_id}
            String benefitsEvent = FinchJobs.fixture("webhooks/job-benefit_enroll-completed.json");
            WebhookSignal signal = provider.readWebhook(signed(benefitsEvent), WEBHOOK_SECRET, Instant.now());
            VendorJob manual = through(mock + "GET /jobs/manual/{job_id} (fetch after job.benefit_enroll.completed)",
                    () -> provider.fetch(ACCOUNT, signal.jobsToReread().get(0)));
            assertEquals("manual", manual.type());
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
            serve("GET", "/jobs/automated/" + manualId, 404, "errors/404-automated-no-body.txt");
            serve("GET", "/jobs/manual/" + manualId, 200, "manual/complete-mixed.json");
            VendorJob manual = through(proxy + "track a manual job: automated 404 with no body, then manual/complete-mixed.json",
                    () -> provider.track(ACCOUNT, manualId).jobs().get(0));
            assertEquals(StatusReason.PARTIAL, manual.statusReason());

            String benefitsEvent = FinchJobs.fixture("webhooks/job-benefit_create-completed.json");
            String benefitsJob = provider.readWebhook(signed(benefitsEvent), WEBHOOK_SECRET, Instant.now()).jobsToReread().get(0);
            serve("GET", "/jobs/manual/" + benefitsJob, 200, "manual/complete-all-ok.json");
            through(proxy + "fetch after webhooks/job-benefit_create-completed.json: manual/complete-all-ok.json",
                    () -> provider.fetch(ACCOUNT, benefitsJob));
            upstream.verify(0, getRequestedFor(urlPathEqualTo("/jobs/automated/" + benefitsJob)));

            serve("GET", "/jobs/automated/not-a-uuid", 404, "errors/404-automated-no-body.txt");
            serve("GET", "/jobs/manual/not-a-uuid", 400, "errors/400-manual-bad-request.json");
            VendorRejected rejected = assertThrows(VendorRejected.class, () -> provider.fetch(ACCOUNT, "not-a-uuid"));
            assertEquals("invalid_request", rejected.vendorCode());
            validated(proxy + "fetch, manual 400 errors/400-manual-bad-request.json");

            upstream.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                    .willReturn(answer(200, fixture("list/page.json"))));
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

            serve("GET", "/introspect", 200, "introspect/introspect-2026.json");
            assertEquals("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
                    through(proxy + "introspect introspect/introspect-2026.json", () -> provider.introspect(ACCOUNT))
                            .vendorConnectionId());
        }
    }

    @Test
    void every_fixture_is_validated_and_the_controls_are_rejected() throws Exception {
        FinchFixtureIndex index = FinchFixtureIndex.read();
        Map<String, Map<String, Object>> operations = operationsOf(Path.of(System.getProperty("finch.prism.spec")));
        List<String> failures = new ArrayList<>();

        failures.addAll(replay(index, index.exchanges(), operations, FinchPrismCheckTest::fixture));
        failures.addAll(post(index.schemas(), FinchPrismCheckTest::fixture));
        assertFalse(index.exchanges().isEmpty());
        assertFalse(index.schemas().isEmpty());

        // The deviating fixtures, as the index says: each must be rejected, or the passes above mean nothing.
        for (FinchFixtureIndex.Deviating d : index.deviating()) {
            String what = "deviating " + d.fixture() + " (" + d.why() + ")";
            if (d.schema() != null) {
                expectRejected(failures, what, postToHarness(d.schema(), FinchJobs.fixture(d.fixture())), 422);
            } else {
                FinchFixtureIndex.Exchange as = index.exchanges().stream()
                        .filter(e -> e.operationId().equals(d.operationId()) && e.status() == d.status()).findFirst()
                        .orElseThrow(() -> new AssertionError("no exchange of " + d.operationId() + " " + d.status()
                                + " to serve " + d.fixture() + " in"));
                expectRejected(failures, what, serveAndSend(index, as, FinchJobs.fixture(d.fixture())), 500);
            }
        }
        // Generated controls: every response status and schema validated above rejects a body that is no object,
        // so a schema Prism cannot compile (and then silently skips) fails here.
        Set<String> seen = new LinkedHashSet<>();
        for (FinchFixtureIndex.Exchange e : index.exchanges()) {
            if (hasJsonSchema(declaredResponse(operations, e.operationId(), e.status()))
                    && seen.add(e.operationId() + " " + e.status())) {
                expectRejected(failures, "control: " + e.operationId() + " " + e.status() + " answering " + NOT_AN_OBJECT,
                        serveAndSend(index, e, NOT_AN_OBJECT), 500);
            }
        }
        for (FinchFixtureIndex.SchemaBody s : index.schemas()) {
            if (seen.add(s.schema())) {
                expectRejected(failures, "control: #/components/schemas/" + s.schema() + " <- " + NOT_AN_OBJECT,
                        postToHarness(s.schema(), NOT_AN_OBJECT), 422);
            }
        }
        upstream.resetAll();
        upstream.stubFor(WireMock.post(urlEqualTo("/jobs/automated"))
                .willReturn(answer(201, FinchJobs.fixture("enqueue/created-201.json"))));
        expectRejected(failures, "control: request w4_form_employee_sync without params",
                send("POST", "/jobs/automated", index.requestHeaders(), "{\"type\":\"w4_form_employee_sync\"}"), 422);
        Map<String, String> slashedVersion = new HashMap<>(index.requestHeaders());
        slashedVersion.put("Finch-API-Version", "2020/09/17");
        expectRejected(failures, "control: request with Finch-API-Version 2020/09/17",
                send("GET", "/jobs/automated/" + UUID.randomUUID(), slashedVersion, null), 422);

        if (!failures.isEmpty()) {
            fail(failures.size() + " Prism check(s) failed:\n  " + String.join("\n  ", failures));
        }
    }

    @Test
    void a_fixture_that_breaks_the_document_fails_the_replay() throws Exception {
        FinchFixtureIndex index = FinchFixtureIndex.read();
        Map<String, Map<String, Object>> operations = operationsOf(Path.of(System.getProperty("finch.prism.spec")));
        String paused = FinchJobs.fixture("manual/complete-mixed.json").replace("\"complete\"", "\"paused\"");
        String noAccount = FinchJobs.fixture("webhooks/job-benefit_create-completed.json")
                .replaceAll("\"account_id\":\\s*\"[^\"]*\",", "");
        Map<String, String> broken = Map.of("broken/manual-status-paused.json", paused,
                "broken/benefit-event-without-account_id.json", noAccount);

        List<String> exchangeFailures = replay(index, List.of(new FinchFixtureIndex.Exchange("get-jobs-manual-job_id", "GET",
                "/jobs/manual/497d98f3-580a-4ab9-830a-af2346d029b2", null, 200, "broken/manual-status-paused.json")),
                operations, broken::get);
        List<String> schemaFailures = post(List.of(new FinchFixtureIndex.SchemaBody("JobCompletionEvent",
                "broken/benefit-event-without-account_id.json")), broken::get);

        assertEquals(1, exchangeFailures.size(), exchangeFailures.toString());
        assertTrue(exchangeFailures.get(0).contains("broken/manual-status-paused.json"), exchangeFailures.get(0));
        assertEquals(1, schemaFailures.size(), schemaFailures.toString());
        assertTrue(schemaFailures.get(0).contains("account_id"), schemaFailures.get(0));
        validated("a fixture breaking the document fails the replay: manual status 'paused', a benefits event without account_id");
    }

    /** Replays exchanges through the proxy; returns one line per exchange that did not pass. */
    private List<String> replay(FinchFixtureIndex index, List<FinchFixtureIndex.Exchange> exchanges,
                                Map<String, Map<String, Object>> operations, Function<String, String> fixtures)
            throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (FinchFixtureIndex.Exchange e : exchanges) {
            Map<String, Object> declared = declaredResponse(operations, e.operationId(), e.status());
            if (declared == null) {
                // a status the document does not declare would pass Prism unchecked
                failures.add(e.describe() + ": the document declares no " + e.status() + " for this operation");
                continue;
            }
            String body = fixtures.apply(e.response());
            HttpResponse<String> answer = serveAndSend(index, e, body);
            boolean same = body.isEmpty() ? answer.body().isEmpty() : isJson(answer.body()) && read(answer.body()).equals(read(body));
            if (answer.statusCode() != e.status() || !same) {
                failures.add(e.describe() + ": Prism answered " + answer.statusCode() + " " + answer.body());
                continue;
            }
            validated("exchange " + e.describe() + (hasJsonSchema(declared) ? "" : " (no body schema declared: status only)"));
        }
        return failures;
    }

    /** Posts bodies to the schema harness; returns one line per body that did not pass. */
    private static List<String> post(List<FinchFixtureIndex.SchemaBody> bodies, Function<String, String> fixtures)
            throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (FinchFixtureIndex.SchemaBody s : bodies) {
            HttpResponse<String> answer = postToHarness(s.schema(), fixtures.apply(s.body()));
            if (answer.statusCode() != 204) {
                failures.add(s.describe() + ": Prism answered " + answer.statusCode() + " " + answer.body());
                continue;
            }
            validated("schema " + s.describe());
        }
        return failures;
    }

    private HttpResponse<String> serveAndSend(FinchFixtureIndex index, FinchFixtureIndex.Exchange e, String body)
            throws IOException, InterruptedException {
        upstream.resetAll();
        ResponseDefinitionBuilder response = body.isEmpty() ? aResponse().withStatus(e.status()) : answer(e.status(), body);
        upstream.stubFor(WireMock.request(e.method(), urlEqualTo(e.path())).willReturn(response));
        return send(e.method(), e.path(), index.requestHeaders(), e.request() == null ? null : fixture(e.request()));
    }

    private static void expectRejected(List<String> failures, String what, HttpResponse<String> answer, int status) {
        if (answer.statusCode() == status && answer.body().contains(PRISM_ERRORS)) {
            validated(what + " rejected as expected (" + status + ")");
        } else {
            failures.add(what + ": expected Prism to reject it with " + status + ", got " + answer.statusCode()
                    + " " + answer.body());
        }
    }

    private static HttpResponse<String> postToHarness(String schema, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(System.getProperty("finch.prism.schemas")
                        + "/components/schemas/" + schema))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
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
        String body = fixture(fixture);
        upstream.stubFor(WireMock.request(method, urlPathEqualTo(path))
                .willReturn(body.isEmpty() ? aResponse().withStatus(status) : answer(status, body)));
    }

    private static ResponseDefinitionBuilder answer(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static boolean isJson(String text) {
        try {
            read(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Object read(String text) throws IOException {
        return json.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
    }

    /** The document's operations by operationId. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> operationsOf(Path spec) throws IOException {
        Map<String, Object> document = (Map<String, Object>) read(Files.readString(spec));
        Map<String, Map<String, Object>> operations = new LinkedHashMap<>();
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
        assertNotNull(operation, "the document has no operation " + id);
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        return (Map<String, Object>) responses.get(String.valueOf(status));
    }

    @SuppressWarnings("unchecked")
    private static boolean hasJsonSchema(Map<String, Object> response) {
        Object content = response == null ? null : response.get("content");
        return content instanceof Map<?, ?> types && types.get("application/json") instanceof Map<?, ?> media
                && Objects.nonNull(((Map<String, Object>) media).get("schema"));
    }
}
