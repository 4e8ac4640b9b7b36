package dev.jobtower.adapters.invopop;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link InvopopJobProvider} against Invopop stubbed at the HTTP level: requests it sends, answers and failures it maps. */
class InvopopJobProviderTest {
    private static final String WORKFLOW = TransformJobs.WORKFLOW_ID;
    private static InvopopVendor vendor;

    @BeforeAll
    static void startVendor() {
        vendor = InvopopVendor.start("2s", Map.of());
    }

    @AfterAll
    static void stopVendor() {
        vendor.close();
    }

    @BeforeEach
    void resetVendor() {
        vendor.reset();
    }

    private static InvopopJobProvider provider() {
        return vendor.provider;
    }

    private static VendorJob fetch(String id) {
        return provider().fetch(vendor.account, id);
    }

    private static <T extends Throwable> T fetchFails(Class<T> type, String id) {
        return assertThrows(type, () -> fetch(id));
    }

    private static void stubJobAnswer(String id, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs/" + id)).atPriority(1).willReturn(answer));
    }

    // ---- reads ----

    @Test
    void fetch_sends_the_workspace_token_as_bearer_and_names_the_job_after_its_workflow() {
        String id = vendor.givenJob(TransformJobs.aJob().succeeded().build());
        VendorJob job = fetch(id);
        assertEquals(id, job.externalId());
        assertEquals(WORKFLOW, job.type());
        assertEquals(TransformJobs.WORKFLOW_NAME, job.name());
        vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs/" + id))
                .withHeader("Authorization", equalTo("Bearer " + InvopopVendor.TOKEN))
                .withHeader("Accept", equalTo("application/json")));
        vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/workflows/" + WORKFLOW))
                .withHeader("Authorization", equalTo("Bearer " + InvopopVendor.TOKEN)));
    }

    @Test
    void the_workflow_name_is_read_once_per_workflow_while_cached() {
        String workflow = UUID.randomUUID().toString();
        vendor.givenWorkflow(workflow, "PDF and email");
        String a = vendor.givenJob(TransformJobs.aJob().workflowId(workflow).running().build());
        String b = vendor.givenJob(TransformJobs.aJob().workflowId(workflow).succeeded().build());
        assertEquals("PDF and email", fetch(a).name());
        assertEquals("PDF and email", fetch(b).name());
        fetch(a);
        vendor.wm.verify(1, getRequestedFor(urlPathEqualTo("/transform/v1/workflows/" + workflow)));
    }

    @Test
    void a_failed_workflow_read_leaves_the_name_empty_and_never_fails_the_job_read() {
        String other = UUID.randomUUID().toString();
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/workflows/" + other)).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        String id = vendor.givenJob(TransformJobs.aJob().workflowId(other).succeeded().build());
        VendorJob job = fetch(id);
        assertNull(job.name());
        assertEquals(JobStatus.SUCCEEDED, job.status());
        String truncated = UUID.randomUUID().toString();
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/workflows/" + truncated)).atPriority(1)
                .willReturn(okJson("{\"id\":\"x\",\"name\":\"Se")));
        assertNull(fetch(vendor.givenJob(TransformJobs.aJob().workflowId(truncated).running().build())).name());
        String deleted = UUID.randomUUID().toString();   // the default stub answers 404
        assertNull(fetch(vendor.givenJob(TransformJobs.aJob().workflowId(deleted).running().build())).name());
    }

    @Test
    void ids_and_keys_are_sent_as_single_encoded_path_segments() {
        assertThrows(VendorNotFound.class, () -> fetch("../workflows/x y"));
        vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs/..%2Fworkflows%2Fx%20y")));
        String id = vendor.givenJob(TransformJobs.aJob().running().build());
        vendor.wm.stubFor(WireMock.get(urlEqualTo("/transform/v1/jobs/key/inv%2F2026%20%23123")).atPriority(1)
                .willReturn(okJson(TransformJobs.json(vendor.json, TransformJobs.aJob().id(id).running().build()))));
        assertEquals(id, provider().fetchByKey(vendor.account, "inv/2026 #123").externalId());
    }

    @Test
    void reads_are_deterministic_copies_with_updated_at_as_vendor_update_time() {
        String id = vendor.givenJob(TransformJobs.aJob().updatedAt("2026-04-30T08:39:22.938Z").running().build());
        VendorJob job = fetch(id);
        assertEquals(Instant.parse("2026-04-30T08:39:22.938Z"), job.vendorUpdatedAt());
        assertEquals(job, fetch(id));
    }

    // ---- read failures ----

    @Test
    void a_404_is_VendorNotFound() {
        fetchFails(VendorNotFound.class, TransformJobs.newJobId());
    }

    @Test
    void a_5xx_is_VendorUnavailable_HTTP_5XX_with_its_status_and_Retry_After() {
        String id = TransformJobs.newJobId();
        stubJobAnswer(id, aResponse().withStatus(502).withHeader("Retry-After", "30"));
        Instant before = Instant.now();
        VendorUnavailable e = fetchFails(VendorUnavailable.class, id);
        assertEquals(FailureCategory.HTTP_5XX, e.category());
        assertEquals(502, e.statusCode());
        assertTrue(e.countsAgainstVendor());
        assertFalse(e.retryAfter().isBefore(before.plusSeconds(30)));
    }

    @Test
    void a_429_on_a_read_is_VendorUnavailable_HTTP_429_not_counted_against_the_vendor() {
        String id = TransformJobs.newJobId();
        stubJobAnswer(id, aResponse().withStatus(429).withHeader("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"));
        VendorUnavailable e = fetchFails(VendorUnavailable.class, id);
        assertEquals(FailureCategory.HTTP_429, e.category());
        assertEquals(429, e.statusCode());
        assertFalse(e.countsAgainstVendor());
        assertEquals(Instant.parse("2026-10-21T07:28:00Z"), e.retryAfter());
    }

    @Test
    void another_4xx_is_VendorRejected_with_the_vendors_code_and_message() {
        String id = TransformJobs.newJobId();
        stubJobAnswer(id, aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"forbidden\",\"message\":\"token has no access to this workspace\"}"));
        VendorRejected e = fetchFails(VendorRejected.class, id);
        assertEquals(403, e.vendorStatusCode());
        assertEquals("forbidden", e.vendorCode());
        assertEquals("token has no access to this workspace", e.vendorMessage());
        stubJobAnswer(id, aResponse().withStatus(401).withBody("<html>nope</html>"));
        VendorRejected html = fetchFails(VendorRejected.class, id);
        assertEquals(401, html.vendorStatusCode());
        assertNull(html.vendorMessage());
    }

    @Test
    void a_read_timeout_is_VendorUnavailable_TIMEOUT() {
        String id = TransformJobs.newJobId();
        stubJobAnswer(id, okJson("{\"id\":\"" + id + "\"}").withFixedDelay(6_000));
        assertEquals(FailureCategory.TIMEOUT, fetchFails(VendorUnavailable.class, id).category());
    }

    @Test
    void a_connection_reset_is_VendorUnavailable_CONNECTION() {
        String id = TransformJobs.newJobId();
        stubJobAnswer(id, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertEquals(FailureCategory.CONNECTION, fetchFails(VendorUnavailable.class, id).category());
        stubJobAnswer(id, aResponse().withFault(Fault.EMPTY_RESPONSE));
        assertEquals(FailureCategory.CONNECTION, fetchFails(VendorUnavailable.class, id).category());
    }

    @Test
    void a_refused_connection_is_VendorUnavailable_CONNECTION() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (var ctx = io.micronaut.context.ApplicationContext.run(Map.of(
                "micronaut.http.services.invopop.url", "http://127.0.0.1:" + closedPort,
                "micronaut.http.services.invopop.read-timeout", "1s"))) {
            InvopopJobProvider refused = ctx.getBean(InvopopJobProvider.class);
            VendorUnavailable e = assertThrows(VendorUnavailable.class,
                    () -> refused.fetch(vendor.account, TransformJobs.newJobId()));
            assertEquals(FailureCategory.CONNECTION, e.category());
        }
    }

    @Test
    void truncated_json_is_VendorUnavailable_MALFORMED_on_every_read() {
        String id = TransformJobs.newJobId();
        stubJobAnswer(id, okJson("{\"id\":\"" + id + "\",\"intents\":[{\"events\":[{\"status\":\"O"));
        assertEquals(FailureCategory.MALFORMED, fetchFails(VendorUnavailable.class, id).category());
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs/key/k1")).willReturn(okJson("{\"id\":")));
        assertEquals(FailureCategory.MALFORMED, assertThrows(VendorUnavailable.class,
                () -> provider().fetchByKey(vendor.account, "k1")).category());
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs")).atPriority(1).willReturn(okJson("{\"list\":[")));
        assertEquals(FailureCategory.MALFORMED, assertThrows(VendorUnavailable.class,
                () -> provider().discover(vendor.account, scope(Instant.EPOCH, 10))).category());
    }

    // ---- enqueue ----

    private static EnqueueRequest request(Map<String, Object> params) {
        return new EnqueueRequest(WORKFLOW, params);
    }

    private static void stubPut(String id, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        vendor.wm.stubFor(put(urlPathEqualTo("/transform/v1/jobs/" + id)).willReturn(answer));
    }

    private static String acceptedJob(String id) {
        return TransformJobs.json(vendor.json, TransformJobs.aJob().id(id).queued().build());
    }

    @Test
    void the_preassigned_id_is_a_fresh_UUIDv7() {
        String a = provider().preassignExternalId(request(Map.of("siloEntryId", "s"))).orElseThrow();
        String b = provider().preassignExternalId(request(Map.of("siloEntryId", "s"))).orElseThrow();
        assertEquals(7, UUID.fromString(a).version());
        assertNotEquals(a, b);
    }

    @Test
    void enqueue_PUTs_the_job_under_the_preassigned_id_with_the_requested_body() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("siloEntryId", TransformJobs.SILO_ENTRY_ID);
        params.put("key", "inv-2026-000123");
        params.put("tags", List.of("billing-run-42"));
        String id = provider().preassignExternalId(request(params)).orElseThrow();
        stubPut(id, aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody(acceptedJob(id)));

        EnqueueOutcome outcome = provider().enqueue(vendor.account, request(params), Optional.of(id));

        assertFalse(outcome.deduplicated());
        assertEquals(id, outcome.job().externalId());
        assertEquals(JobStatus.QUEUED, outcome.job().status());
        assertEquals(params, outcome.job().params(), "params reflect what was requested");
        assertEquals(TransformJobs.WORKFLOW_NAME, outcome.job().name());
        vendor.wm.verify(putRequestedFor(urlEqualTo("/transform/v1/jobs/" + id))
                .withHeader("Authorization", equalTo("Bearer " + InvopopVendor.TOKEN))
                .withHeader("Content-Type", WireMock.containing("application/json"))
                .withRequestBody(equalToJson("{\"workflow_id\":\"" + WORKFLOW + "\",\"silo_entry_id\":\""
                        + TransformJobs.SILO_ENTRY_ID + "\",\"key\":\"inv-2026-000123\",\"tags\":[\"billing-run-42\"]}")));
    }

    @Test
    void enqueue_with_args_sends_them_as_args() {
        String id = provider().preassignExternalId(null).orElseThrow();
        stubPut(id, aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody(acceptedJob(id)));
        provider().enqueue(vendor.account, request(Map.of("args", Map.of("lang", "es"))), Optional.of(id));
        vendor.wm.verify(putRequestedFor(urlEqualTo("/transform/v1/jobs/" + id))
                .withRequestBody(equalToJson("{\"workflow_id\":\"" + WORKFLOW + "\",\"args\":{\"lang\":\"es\"}}")));
    }

    @Test
    void an_accepted_create_without_body_is_the_job_as_requested() {
        String id = provider().preassignExternalId(null).orElseThrow();
        stubPut(id, aResponse().withStatus(202));
        EnqueueOutcome outcome = provider().enqueue(vendor.account,
                request(Map.of("siloEntryId", "s1", "tags", List.of("t"))), Optional.of(id));
        assertEquals(id, outcome.job().externalId());
        assertEquals(JobStatus.QUEUED, outcome.job().status());
        assertNull(outcome.job().vendorStatus());
        assertEquals(WORKFLOW, outcome.job().type());
        assertEquals(List.of("t"), outcome.job().tags());
    }

    @Test
    void a_created_job_keeps_the_preassigned_id_even_if_the_answer_names_another() {
        String id = provider().preassignExternalId(null).orElseThrow();
        stubPut(id, aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withBody(acceptedJob("5b45453c-cdd0-11ed-afa1-0242ac120002")));
        EnqueueOutcome outcome = provider().enqueue(vendor.account, request(Map.of("siloEntryId", "s1")), Optional.of(id));
        assertEquals(id, outcome.job().externalId());
        assertFalse(outcome.deduplicated());
    }

    @Test
    void a_409_without_key_is_followed_by_a_read_by_id_and_answers_the_existing_job() {
        String id = provider().preassignExternalId(null).orElseThrow();
        stubPut(id, aResponse().withStatus(409).withBody("{\"message\":\"job already exists\"}"));
        vendor.givenJob(TransformJobs.aJob().id(id).running().build());
        EnqueueOutcome outcome = provider().enqueue(vendor.account, request(Map.of("siloEntryId", "s1")), Optional.of(id));
        assertTrue(outcome.deduplicated());
        assertEquals(id, outcome.job().externalId());
        assertEquals(JobStatus.RUNNING, outcome.job().status());
    }

    @Test
    void a_409_with_a_key_is_followed_by_a_read_by_key() {
        String ours = provider().preassignExternalId(null).orElseThrow();
        stubPut(ours, aResponse().withStatus(409).withBody("{\"code\":\"conflict\",\"message\":\"key already used\"}"));
        String theirs = vendor.givenJob(TransformJobs.aJob().key("inv-2026-000123").succeeded().build());
        EnqueueOutcome outcome = provider().enqueue(vendor.account,
                request(Map.of("siloEntryId", "s1", "key", "inv-2026-000123")), Optional.of(ours));
        assertTrue(outcome.deduplicated());
        assertEquals(theirs, outcome.job().externalId(), "the job the key names, created earlier under another id");
        assertEquals(JobStatus.SUCCEEDED, outcome.job().status());
        vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs/key/inv-2026-000123")));
    }

    @Test
    void a_409_whose_key_is_no_longer_recent_falls_back_to_the_id_and_else_is_VendorRejected() {
        String id = provider().preassignExternalId(null).orElseThrow();
        stubPut(id, aResponse().withStatus(409).withBody("{\"code\":\"conflict\",\"message\":\"duplicate\"}"));
        EnqueueRequest withKey = request(Map.of("siloEntryId", "s1", "key", "old-key"));
        VendorRejected e = assertThrows(VendorRejected.class,
                () -> provider().enqueue(vendor.account, withKey, Optional.of(id)));
        assertEquals(409, e.vendorStatusCode());
        assertEquals("conflict", e.vendorCode());
        assertEquals("duplicate", e.vendorMessage());

        vendor.givenJob(TransformJobs.aJob().id(id).running().build());
        assertEquals(id, provider().enqueue(vendor.account, withKey, Optional.of(id)).job().externalId());
    }

    @Test
    void a_PUT_retried_after_a_timeout_uses_the_same_id_and_answers_the_job_created_by_the_first() {
        String id = provider().preassignExternalId(null).orElseThrow();
        EnqueueRequest request = request(Map.of("siloEntryId", TransformJobs.SILO_ENTRY_ID));
        vendor.wm.stubFor(put(urlPathMatching("/transform/v1/jobs/.*")).inScenario("create")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created")
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody(acceptedJob(id)).withFixedDelay(6_000)));
        vendor.wm.stubFor(put(urlPathMatching("/transform/v1/jobs/.*")).inScenario("create")
                .whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(409).withBody("{\"message\":\"job already exists\"}")));
        vendor.givenJob(TransformJobs.aJob().id(id).running().build());

        VendorUnavailable timeout = assertThrows(VendorUnavailable.class,
                () -> provider().enqueue(vendor.account, request, Optional.of(id)));
        assertEquals(FailureCategory.TIMEOUT, timeout.category());
        EnqueueOutcome retried = provider().enqueue(vendor.account, request, Optional.of(id));

        assertEquals(id, retried.job().externalId());
        assertTrue(retried.deduplicated());
        var puts = vendor.wm.findAll(putRequestedFor(urlPathMatching("/transform/v1/jobs/.*")));
        assertEquals(List.of("/transform/v1/jobs/" + id, "/transform/v1/jobs/" + id),
                puts.stream().map(r -> r.getUrl()).toList(), "both attempts PUT the one pre-assigned id");
    }

    @Test
    void enqueue_failures_map_to_provider_exceptions() {
        EnqueueRequest request = request(Map.of("siloEntryId", "s1"));
        String id = provider().preassignExternalId(request).orElseThrow();

        stubPut(id, aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"invalid\",\"message\":\"workflow is a draft\",\"fields\":{\"workflow_id\":\"draft\"}}"));
        VendorRejected rejected = assertThrows(VendorRejected.class,
                () -> provider().enqueue(vendor.account, request, Optional.of(id)));
        assertEquals(422, rejected.vendorStatusCode());
        assertEquals("invalid", rejected.vendorCode());
        assertEquals("workflow is a draft", rejected.vendorMessage());

        stubPut(id, aResponse().withStatus(429).withHeader("Retry-After", "120"));
        VendorRateLimited limited = assertThrows(VendorRateLimited.class,
                () -> provider().enqueue(vendor.account, request, Optional.of(id)));
        assertTrue(limited.retryAt().isAfter(Instant.now().plusSeconds(100)));

        stubPut(id, aResponse().withStatus(503));
        assertEquals(FailureCategory.HTTP_5XX, assertThrows(VendorUnavailable.class,
                () -> provider().enqueue(vendor.account, request, Optional.of(id))).category());

        stubPut(id, aResponse().withStatus(404).withBody("{\"message\":\"workflow not found\"}"));
        assertThrows(VendorNotFound.class, () -> provider().enqueue(vendor.account, request, Optional.of(id)));

        stubPut(id, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertEquals(FailureCategory.CONNECTION, assertThrows(VendorUnavailable.class,
                () -> provider().enqueue(vendor.account, request, Optional.of(id))).category());

        stubPut(id, aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + id));
        assertEquals(FailureCategory.MALFORMED, assertThrows(VendorUnavailable.class,
                () -> provider().enqueue(vendor.account, request, Optional.of(id))).category());
    }

    @Test
    void enqueue_checks_the_request_before_any_call() {
        int before = vendor.requestCount();
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class, () -> provider().enqueue(vendor.account,
                new EnqueueRequest("not-a-workflow-id", Map.of("siloEntryId", "s1")), Optional.of(UUID.randomUUID().toString())));
        assertEquals("type", e.parameter());
        InvalidJobRequest badId = assertThrows(InvalidJobRequest.class, () -> provider().enqueue(vendor.account,
                request(Map.of("siloEntryId", "s1")), Optional.of("not-a-uuid")));
        assertEquals("externalId", badId.parameter());
        assertEquals(before, vendor.requestCount());
    }

    // ---- discovery ----

    private static DiscoveryScope scope(Instant since, int maxJobs) {
        return new DiscoveryScope(since, Set.of(), maxJobs);
    }

    private void stubPages(String firstLimit, TransformJob[] first, String cursor, TransformJob[] second) {
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs")).atPriority(1)
                .withQueryParam("limit", equalTo(firstLimit)).withQueryParam("cursor", WireMock.absent())
                .willReturn(okJson(TransformJobs.json(vendor.json, TransformJobs.aPage(cursor,
                        java.util.Arrays.stream(first).map(InvopopVendor::summary).toArray(TransformJob[]::new))))));
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs")).atPriority(1)
                .withQueryParam("cursor", equalTo(cursor))
                .willReturn(okJson(TransformJobs.json(vendor.json, TransformJobs.aPage(null,
                        java.util.Arrays.stream(second).map(InvopopVendor::summary).toArray(TransformJob[]::new))))));
    }

    private static TransformJob created(Instant at, TransformJobs.Builder job) {
        TransformJob built = job.createdAt(at).build();
        vendor.givenJob(built);
        return built;
    }

    @Test
    void discovery_follows_the_cursor_and_reads_every_listed_job_in_full() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        TransformJob a = created(now.minusSeconds(10), TransformJobs.aJob().running());
        TransformJob b = created(now.minusSeconds(20), TransformJobs.aJob().succeeded().withPdf());
        TransformJob c = created(now.minusSeconds(30), TransformJobs.aJob().failed());
        stubPages("100", new TransformJob[]{a, b}, "cur/2+", new TransformJob[]{c});

        List<VendorJob> found = provider().discover(vendor.account, scope(now.minusSeconds(3600), 1000));

        assertEquals(List.of(a.id(), b.id(), c.id()), found.stream().map(VendorJob::externalId).toList());
        assertEquals(List.of(JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED),
                found.stream().map(VendorJob::status).toList());
        assertEquals(1, found.get(1).attachments().size(), "the full job, not the summary");
        vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs?limit=100&cursor=cur%2F2%2B")));
        vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs/" + c.id())));
    }

    @Test
    void discovery_stops_at_the_first_job_older_than_since() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        TransformJob fresh = created(now.minusSeconds(10), TransformJobs.aJob().running());
        TransformJob old = created(now.minusSeconds(7200), TransformJobs.aJob().succeeded());
        TransformJob older = created(now.minusSeconds(9000), TransformJobs.aJob().succeeded());
        stubPages("100", new TransformJob[]{fresh, old}, "next", new TransformJob[]{older});

        List<VendorJob> found = provider().discover(vendor.account, scope(now.minusSeconds(3600), 1000));

        assertEquals(List.of(fresh.id()), found.stream().map(VendorJob::externalId).toList());
        vendor.wm.verify(0, getRequestedFor(urlEqualTo("/transform/v1/jobs/" + old.id())));
        vendor.wm.verify(0, getRequestedFor(urlPathEqualTo("/transform/v1/jobs")).withQueryParam("cursor", equalTo("next")));
    }

    @Test
    void discovery_returns_at_most_maxJobs_and_asks_for_no_more() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        TransformJob a = created(now.minusSeconds(10), TransformJobs.aJob().running());
        TransformJob b = created(now.minusSeconds(20), TransformJobs.aJob().running());
        stubPages("2", new TransformJob[]{a, b}, "next", new TransformJob[]{});

        List<VendorJob> found = provider().discover(vendor.account, scope(Instant.EPOCH, 2));

        assertEquals(2, found.size());
        vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs?limit=2")));
        vendor.wm.verify(0, getRequestedFor(urlPathEqualTo("/transform/v1/jobs")).withQueryParam("cursor", equalTo("next")));
    }

    @Test
    void discovery_skips_a_job_gone_between_list_and_read_and_stops_on_a_repeated_cursor() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        TransformJob kept = created(now.minusSeconds(10), TransformJobs.aJob().running());
        TransformJob gone = TransformJobs.aJob().createdAt(now.minusSeconds(20)).running().build();
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs")).atPriority(1)
                .willReturn(okJson(TransformJobs.json(vendor.json, TransformJobs.aPage("same",
                        InvopopVendor.summary(kept), InvopopVendor.summary(gone))))));

        List<VendorJob> found = provider().discover(vendor.account, scope(Instant.EPOCH, 1000));

        assertEquals(List.of(kept.id()), found.stream().map(VendorJob::externalId).toList());
        vendor.wm.verify(2, getRequestedFor(urlPathEqualTo("/transform/v1/jobs")));
    }

    @Test
    void discovery_of_an_empty_workspace_is_empty() {
        vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs")).atPriority(1)
                .willReturn(okJson("{\"list\":null,\"limit\":20}")));
        assertEquals(List.of(), provider().discover(vendor.account, scope(Instant.EPOCH, 10)));
    }

    // ---- wiring ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "url with a path, /sim/invopop/, ''",
            "url and path, '', /sim/invopop",
    })
    void requests_go_below_a_configured_base_path(String how, String urlPath, String path) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put("micronaut.http.services.invopop.url", vendor.wm.baseUrl() + urlPath);
        if (!path.isEmpty()) {
            config.put("micronaut.http.services.invopop.path", path);
        }
        try (var ctx = io.micronaut.context.ApplicationContext.run(config)) {
            String id = TransformJobs.newJobId();
            vendor.wm.stubFor(WireMock.get(urlPathEqualTo("/sim/invopop/transform/v1/jobs/" + id))
                    .willReturn(okJson(TransformJobs.json(vendor.json, TransformJobs.aJob().id(id).running().build()))));
            VendorJob job = ctx.getBean(InvopopJobProvider.class).fetch(vendor.account, id);
            assertEquals(JobStatus.RUNNING, job.status());
            vendor.wm.verify(getRequestedFor(urlPathEqualTo("/sim/invopop/transform/v1/workflows/" + WORKFLOW)));
        }
    }
}
