package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.finch.FinchJobs.anAutomatedJob;
import static dev.jobtower.adapters.finch.FinchJobs.fixture;
import static dev.jobtower.adapters.finch.FinchTestVendor.ACCOUNT;
import static dev.jobtower.adapters.finch.FinchTestVendor.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /jobs/automated}: our checks first, then each of Finch's answers. */
class FinchEnqueueTest {
    private static final FinchTestVendor VENDOR = FinchTestVendor.get();
    private static final EnqueueRequest DATA_SYNC = new EnqueueRequest("data_sync_all", Map.of());
    private static final String INDIVIDUAL = "8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c";
    private static final EnqueueRequest W4_SYNC = new EnqueueRequest("w4_form_employee_sync", Map.of("individualId", INDIVIDUAL));
    private static final String CREATED_ID = "453bd7d7-5355-4d6d-a38e-d9e7eb218c3f";
    private static final String EXISTING_ID = "de9113d6-e2fa-4c72-ba4a-ee1d8a4f8df6";

    private final FinchJobProvider provider = VENDOR.provider;

    @BeforeEach
    void resetVendor() {
        VENDOR.reset();
    }

    private static void finchAnswers(ResponseDefinitionBuilder response) {
        VENDOR.wm.stubFor(WireMock.post(urlPathEqualTo("/jobs/automated")).willReturn(response));
    }

    private EnqueueOutcome enqueue(EnqueueRequest request) {
        return provider.enqueue(ACCOUNT, request, Optional.empty());
    }

    // --- our own checks ---

    static Stream<Arguments> invalidRequests() {
        Map<String, Object> numberId = new HashMap<>();
        numberId.put("individualId", 42);
        Map<String, Object> nullId = new HashMap<>();
        nullId.put("individualId", null);
        return Stream.of(
                Arguments.of(new EnqueueRequest(null, Map.of()), "type"),
                Arguments.of(new EnqueueRequest(" ", Map.of()), "type"),
                Arguments.of(new EnqueueRequest("benefit_enroll", Map.of()), "type"),
                Arguments.of(new EnqueueRequest("DATA_SYNC_ALL", Map.of()), "type"),
                Arguments.of(new EnqueueRequest("w4_form_employee_sync", Map.of()), "params.individualId"),
                Arguments.of(new EnqueueRequest("w4_form_employee_sync", nullId), "params.individualId"),
                Arguments.of(new EnqueueRequest("w4_form_employee_sync", Map.of("individualId", " ")), "params.individualId"),
                Arguments.of(new EnqueueRequest("w4_form_employee_sync", numberId), "params.individualId"),
                Arguments.of(new EnqueueRequest("w4_form_employee_sync", Map.of("individual_id", INDIVIDUAL)), "params.individual_id"),
                Arguments.of(new EnqueueRequest("data_sync_all", Map.of("individualId", INDIVIDUAL)), "params.individualId"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalid_requests_name_their_field_and_never_reach_finch(EnqueueRequest request, String parameter) {
        InvalidJobRequest checked = assertThrows(InvalidJobRequest.class, () -> provider.validateEnqueue(request));
        assertEquals(parameter, checked.parameter());
        InvalidJobRequest enqueued = assertThrows(InvalidJobRequest.class, () -> enqueue(request));
        assertEquals(parameter, enqueued.parameter());
        assertEquals(0, VENDOR.requestCount());
    }

    @Test
    void both_finch_types_pass_our_checks() {
        provider.validateEnqueue(DATA_SYNC);
        provider.validateEnqueue(W4_SYNC);
        assertEquals(Optional.empty(), provider.preassignExternalId(DATA_SYNC), "Finch mints its own ids");
    }

    // --- 201 ---

    @Test
    void created_is_a_queued_copy_with_the_quota_finch_reported() {
        finchAnswers(json(201, fixture("enqueue/created-201.json")));

        EnqueueOutcome outcome = enqueue(DATA_SYNC);

        assertFalse(outcome.deduplicated());
        VendorJob job = outcome.job();
        assertEquals(CREATED_ID, job.externalId());
        assertEquals(JobStatus.QUEUED, job.status());
        assertNull(job.statusReason());
        assertNull(job.vendorStatus(), "no vendor status until the first read");
        assertEquals("data_sync_all", job.type());
        assertEquals(Map.of(), job.params());
        assertEquals("https://api.tryfinch.com/jobs/automated/" + CREATED_ID, job.vendorUrl());
        assertEquals("automated", job.attributes().get("kind"));
        assertEquals(new Quota(2, 1, null), outcome.quota());
        VENDOR.wm.verify(1, postRequestedFor(urlPathEqualTo("/jobs/automated"))
                .withRequestBody(equalToJson(fixture("enqueue/request-data_sync_all.json")))
                .withHeader("Authorization", equalTo("Bearer " + FinchTestVendor.TOKEN))
                .withHeader("Finch-API-Version", equalTo("2020-09-17"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void a_w4_sync_sends_finchs_individual_id_and_keeps_ours() {
        finchAnswers(json(201, fixture("enqueue/created-201.json")));

        EnqueueOutcome outcome = enqueue(W4_SYNC);

        assertEquals("w4_form_employee_sync", outcome.job().type());
        assertEquals(Map.of("individualId", INDIVIDUAL), outcome.job().params());
        VENDOR.wm.verify(1, postRequestedFor(urlPathEqualTo("/jobs/automated"))
                .withRequestBody(equalToJson(fixture("enqueue/request-w4_form_employee_sync.json"))));
    }

    @Test
    void a_created_answer_without_job_id_is_MALFORMED() {
        finchAnswers(json(201, "{\"allowed_refreshes\":2,\"remaining_refreshes\":1}"));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> enqueue(DATA_SYNC));

        assertEquals(FailureCategory.MALFORMED, e.category());
    }

    @Test
    void a_truncated_created_answer_is_MALFORMED() {
        finchAnswers(json(201, "{\"job_id\":\"453bd7d7-5355"));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> enqueue(DATA_SYNC));

        assertEquals(FailureCategory.MALFORMED, e.category());
    }

    // --- 202 ---

    @Test
    void accepted_is_the_existing_job_read_again() {
        finchAnswers(json(202, fixture("enqueue/existing-202.json")));
        VENDOR.givenAutomatedJob(EXISTING_ID, anAutomatedJob().withId(EXISTING_ID).withStatus("in_progress").json());

        EnqueueOutcome outcome = enqueue(DATA_SYNC);

        assertTrue(outcome.deduplicated());
        assertEquals(EXISTING_ID, outcome.job().externalId());
        assertEquals(JobStatus.RUNNING, outcome.job().status());
        assertEquals("in_progress", outcome.job().vendorStatus());
        assertEquals(new Quota(2, 2, null), outcome.quota());
    }

    @Test
    void accepted_with_the_spec_examples_job_Id_spelling_is_read_too() {
        finchAnswers(json(202, fixture("enqueue/existing-202-spec-typo.json")));
        VENDOR.givenAutomatedJob(EXISTING_ID, anAutomatedJob().withId(EXISTING_ID).withStatus("pending").json());

        EnqueueOutcome outcome = enqueue(DATA_SYNC);

        assertTrue(outcome.deduplicated());
        assertEquals(EXISTING_ID, outcome.job().externalId());
    }

    @Test
    void accepted_whose_read_fails_is_a_queued_copy_of_the_id() {
        finchAnswers(json(202, fixture("enqueue/existing-202.json")));
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated/" + EXISTING_ID))
                .willReturn(json(500, fixture("errors/500-server-error.json"))));

        EnqueueOutcome outcome = enqueue(DATA_SYNC);

        assertTrue(outcome.deduplicated());
        assertEquals(EXISTING_ID, outcome.job().externalId());
        assertEquals(JobStatus.QUEUED, outcome.job().status());
        assertNull(outcome.job().vendorStatus());
        assertEquals("https://api.tryfinch.com/jobs/automated/" + EXISTING_ID, outcome.job().vendorUrl());
        assertEquals(new Quota(2, 2, null), outcome.quota());
    }

    @Test
    void accepted_whose_job_is_not_found_is_a_queued_copy_of_the_id() {
        finchAnswers(json(202, fixture("enqueue/existing-202.json")));

        EnqueueOutcome outcome = enqueue(DATA_SYNC);

        assertTrue(outcome.deduplicated());
        assertEquals(JobStatus.QUEUED, outcome.job().status());
    }

    // --- 429 ---

    @Test
    void too_many_requests_is_VendorRateLimited_until_retry_at() {
        finchAnswers(json(429, fixture("enqueue/quota-429.json")));

        VendorRateLimited e = assertThrows(VendorRateLimited.class, () -> enqueue(DATA_SYNC));

        Instant retryAt = Instant.parse("2026-03-02T11:00:00Z");
        assertEquals(retryAt, e.retryAt());
        assertEquals(new Quota(2, 0, retryAt), e.quota());
    }

    @Test
    void too_many_requests_without_retry_at_falls_back_to_retry_after() {
        finchAnswers(json(429, fixture("errors/429-rate-limit.json")).withHeader("Retry-After", "120"));
        Instant before = Instant.now();

        VendorRateLimited e = assertThrows(VendorRateLimited.class, () -> enqueue(DATA_SYNC));

        assertFalse(e.retryAt().isBefore(before.plusSeconds(120)));
        assertTrue(e.retryAt().isBefore(Instant.now().plusSeconds(121)));
        assertEquals(new Quota(null, null, e.retryAt()), e.quota());
    }

    @Test
    void too_many_requests_with_an_unreadable_body_is_still_rate_limited() {
        finchAnswers(json(429, "{\"allowed_refr"));

        VendorRateLimited e = assertThrows(VendorRateLimited.class, () -> enqueue(DATA_SYNC));

        assertNull(e.retryAt());
        assertNull(e.quota());
    }

    // --- errors ---

    @Test
    void bad_request_is_VendorRejected_with_finchs_words() {
        finchAnswers(json(400, fixture("errors/400-assisted.json")));

        VendorRejected e = assertThrows(VendorRejected.class, () -> enqueue(DATA_SYNC));

        assertEquals(400, e.vendorStatusCode());
        assertEquals("bad_request", e.vendorCode());
        assertEquals("cannot create automated job for Assisted Connect token", e.vendorMessage());
    }

    @Test
    void unauthorized_is_VendorRejected() {
        finchAnswers(json(401, fixture("errors/401-unauthorized.json")));

        VendorRejected e = assertThrows(VendorRejected.class, () -> enqueue(DATA_SYNC));

        assertEquals(401, e.vendorStatusCode());
        assertEquals("unauthorized_request_error", e.vendorCode());
    }

    @Test
    void not_found_is_VendorNotFound() {
        finchAnswers(json(404, fixture("errors/404-not-found.json")));

        assertThrows(VendorNotFound.class, () -> enqueue(DATA_SYNC));
    }

    @Test
    void a_server_error_is_VendorUnavailable_counting_against_finch() {
        finchAnswers(json(500, fixture("errors/500-server-error.json")));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> enqueue(DATA_SYNC));

        assertEquals(FailureCategory.HTTP_5XX, e.category());
        assertEquals(500, e.statusCode());
        assertTrue(e.countsAgainstVendor());
    }

    @Test
    void an_upstream_provider_error_does_not_count_against_finch() {
        finchAnswers(json(502, fixture("errors/502-upstream.json")));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> enqueue(DATA_SYNC));

        assertEquals(FailureCategory.HTTP_5XX, e.category());
        assertFalse(e.countsAgainstVendor());
    }

    @Test
    void a_late_answer_is_a_TIMEOUT() {
        finchAnswers(json(201, fixture("enqueue/created-201.json")).withFixedDelay(FinchTestVendor.LATE_MILLIS));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> enqueue(DATA_SYNC));

        assertEquals(FailureCategory.TIMEOUT, e.category());
    }

    @Test
    void a_reset_connection_is_CONNECTION() {
        finchAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> enqueue(DATA_SYNC));

        assertEquals(FailureCategory.CONNECTION, e.category());
    }
}
