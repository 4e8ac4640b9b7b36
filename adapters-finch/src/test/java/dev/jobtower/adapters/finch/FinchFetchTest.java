package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.finch.FinchJobs.aManualJob;
import static dev.jobtower.adapters.finch.FinchJobs.anAutomatedJob;
import static dev.jobtower.adapters.finch.FinchJobs.fixture;
import static dev.jobtower.adapters.finch.FinchTestVendor.ACCOUNT;
import static dev.jobtower.adapters.finch.FinchTestVendor.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading one job: both kinds, every status word, lenient reading, and every way a read can fail. */
class FinchFetchTest {
    private static final FinchTestVendor VENDOR = FinchTestVendor.get();
    private final FinchJobProvider provider = VENDOR.provider;

    @BeforeEach
    void resetVendor() {
        VENDOR.reset();
    }

    // --- automated jobs ---

    @ParameterizedTest(name = "automated {0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "pending,           QUEUED,    -",
            "in_progress,       RUNNING,   -",
            "complete,          SUCCEEDED, -",
            "error,             FAILED,    VENDOR_ERROR",
            "reauth_error,      FAILED,    AUTH_ERROR",
            "permissions_error, FAILED,    PERMISSION_ERROR",
            "being_audited,     UNKNOWN,   -",
    })
    void every_automated_status_word(String word, JobStatus status, StatusReason reason) {
        FinchJobs.AutomatedJob job = anAutomatedJob().withStatus(word);
        VENDOR.givenAutomatedJob(job.id(), job.json());

        VendorJob read = provider.fetch(ACCOUNT, job.id());

        assertEquals(status, read.status());
        assertEquals(reason, read.statusReason());
        assertEquals(word, read.vendorStatus());
        assertEquals("automated", read.attributes().get("kind"));
        assertEquals(1, VENDOR.requestCount(), "an automated job is read with one call");
    }

    @Test
    void an_ad_hoc_sync_in_progress_is_read_field_by_field() {
        String body = fixture("automated/in_progress.json");
        String id = "0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10";
        VENDOR.givenAutomatedJob(id, body);

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(id, job.externalId());
        assertEquals("data_sync_all", job.type());
        assertNull(job.name());
        assertEquals(JobStatus.RUNNING, job.status());
        assertNull(job.statusReason());
        assertEquals("in_progress", job.vendorStatus());
        assertEquals(Instant.parse("2026-03-02T09:14:05Z"), job.createdAt());
        assertNull(job.scheduledAt());
        assertEquals(Instant.parse("2026-03-02T09:14:06Z"), job.startedAt());
        assertNull(job.completedAt());
        assertNull(job.vendorUpdatedAt(), "Finch gives no update time");
        assertEquals(Map.of(), job.params());
        assertEquals("https://api.tryfinch.com/jobs/automated/" + id, job.vendorUrl());
        assertEquals(Map.of("kind", "automated"), job.attributes());
        assertTrue(job.steps().isEmpty() && job.attachments().isEmpty() && job.faults().isEmpty());
        assertEquals(body, job.rawPayload(), "the payload is kept verbatim");
    }

    @Test
    void a_w4_sync_that_needs_reauthentication_carries_its_individual() {
        String id = "c2f0f3b1-8d41-4a8e-b1f2-6a7e3c55e901";
        VENDOR.givenAutomatedJob(id, fixture("automated/reauth_error.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals("w4_form_employee_sync", job.type());
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals(StatusReason.AUTH_ERROR, job.statusReason());
        assertEquals(Map.of("individualId", "8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c"), job.params());
        assertEquals(Instant.parse("2026-03-02T10:00:09Z"), job.completedAt());
    }

    @Test
    void a_scheduled_sync_keeps_its_schedule_and_its_job_url_as_given() {
        String id = "453bd7d7-5355-4d6d-a38e-d9e7eb218c3f";
        VENDOR.givenAutomatedJob(id, fixture("automated/complete-scheduled.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(Instant.parse("2019-08-24T14:15:22Z"), job.scheduledAt());
        assertEquals("https://api.tryfinch.com/job/automated/" + id, job.vendorUrl());
    }

    @Test
    void null_in_every_nullable_field_is_read_as_absent() {
        String id = "5d1c7c3e-9a0b-4f7e-8d6c-1b2a3c4d5e6f";
        VENDOR.givenAutomatedJob(id, fixture("automated/all-nullable-null.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.UNKNOWN, job.status());
        assertNull(job.vendorStatus());
        assertNull(job.type());
        assertNull(job.vendorUrl());
        assertNull(job.createdAt());
        assertNull(job.scheduledAt());
        assertNull(job.startedAt());
        assertNull(job.completedAt());
        assertEquals(Map.of(), job.params());
    }

    @Test
    void missing_keys_are_read_like_nulls_and_the_asked_id_is_kept() {
        String id = "6c5b4a39-2817-4f6e-9d5c-4b3a29180f7e";
        VENDOR.givenAutomatedJob(id, fixture("automated/keys-missing.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(id, job.externalId());
        assertEquals(JobStatus.QUEUED, job.status());
        assertNull(job.type());
        assertNull(job.createdAt());
        assertNull(job.vendorUrl());
    }

    @Test
    void unknown_fields_are_ignored_and_timestamp_variants_are_read() {
        String id = "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b";
        String body = fixture("automated/unknown-fields.json");
        VENDOR.givenAutomatedJob(id, body);

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(Instant.parse("2026-03-02T09:14:05.123Z"), job.createdAt());
        assertEquals(Instant.parse("2026-03-02T09:14:06Z"), job.startedAt());
        assertEquals(Map.of(), job.params(), "a null individual_id is no parameter");
        assertEquals(Map.of("kind", "automated"), job.attributes());
        assertEquals(body, job.rawPayload(), "unknown fields stay in the raw payload");
    }

    @Test
    void unparseable_timestamps_are_absent() {
        String id = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
        VENDOR.givenAutomatedJob(id, fixture("automated/unparseable-timestamps.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.RUNNING, job.status());
        assertNull(job.createdAt());
        assertNull(job.scheduledAt());
        assertNull(job.startedAt());
        assertNull(job.completedAt());
    }

    @Test
    void every_call_carries_the_token_the_api_version_and_json_content_type() {
        FinchJobs.AutomatedJob job = anAutomatedJob();
        VENDOR.givenAutomatedJob(job.id(), job.json());

        provider.fetch(ACCOUNT, job.id());

        VENDOR.wm.verify(1, getRequestedFor(urlPathEqualTo("/jobs/automated/" + job.id()))
                .withHeader("Authorization", equalTo("Bearer " + FinchTestVendor.TOKEN))
                .withHeader("Finch-API-Version", equalTo("2020-09-17"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void each_account_uses_its_own_token() {
        FinchJobs.AutomatedJob job = anAutomatedJob();
        VENDOR.givenAutomatedJob(job.id(), job.json());
        ProviderAccount other = new ProviderAccount(ACCOUNT.connectionId(), "another-token", null);

        provider.fetch(other, job.id());

        VENDOR.wm.verify(1, getRequestedFor(urlPathEqualTo("/jobs/automated/" + job.id()))
                .withHeader("Authorization", equalTo("Bearer another-token")));
    }

    @Test
    void ids_are_percent_encoded_into_the_path() {
        VENDOR.wm.stubFor(WireMock.get(urlEqualTo("/jobs/automated/a%20b%2Fc%3Fd"))
                .willReturn(json(200, anAutomatedJob().withStatus("complete").json())));

        VendorJob job = provider.fetch(ACCOUNT, "a b/c?d");

        assertEquals("a b/c?d", job.externalId());
        assertEquals(JobStatus.SUCCEEDED, job.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "tab\tin-id"})
    void an_id_that_cannot_be_a_job_id_is_refused_before_any_call(String id) {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class, () -> provider.fetch(ACCOUNT, id));
        assertEquals("externalId", e.parameter());
        assertEquals(0, VENDOR.requestCount());
    }

    // --- manual jobs ---

    @ParameterizedTest(name = "manual {0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "pending,       QUEUED,    -",
            "in_progress,   RUNNING,   -",
            "complete,      SUCCEEDED, -",
            "error,         FAILED,    VENDOR_ERROR",
            "on_hold,       UNKNOWN,   -",
    })
    void every_manual_status_word(String word, JobStatus status, StatusReason reason) {
        FinchJobs.ManualJob job = aManualJob().withStatus(word).withItem(200, "ok");
        VENDOR.givenManualJob(job.id(), job.json());

        VendorJob read = provider.fetch(ACCOUNT, job.id());

        assertEquals(status, read.status());
        assertEquals(reason, read.statusReason());
        assertEquals(word, read.vendorStatus());
        assertEquals("manual", read.type());
        assertEquals("manual", read.attributes().get("kind"));
        VENDOR.wm.verify(1, getRequestedFor(urlPathEqualTo("/jobs/automated/" + job.id())));
        VENDOR.wm.verify(1, getRequestedFor(urlPathEqualTo("/jobs/manual/" + job.id())));
    }

    @Test
    void a_manual_job_with_failed_items_succeeded_partially_and_keeps_its_items() {
        String id = "497d98f3-580a-4ab9-830a-af2346d029b2";
        String body = fixture("manual/complete-mixed.json");
        VENDOR.givenManualJob(id, body);

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(StatusReason.PARTIAL, job.statusReason());
        assertEquals("complete", job.vendorStatus());
        assertEquals(List.of(
                Map.of("individual_id", "430f9d95-1dcf-4b99-b616-45f814416890", "code", 201, "message", "enrolled"),
                Map.of("individual_id", "4a0a3b15-d3d6-41c2-a4a4-ca4ed1b68cf8", "code", 404, "message", "individual not found")),
                job.attributes().get("items"));
        assertNull(job.createdAt(), "manual jobs carry no timestamps");
        assertNull(job.vendorUrl(), "manual jobs carry no job_url");
        assertEquals(body, job.rawPayload());
    }

    @Test
    void a_manual_job_whose_items_all_succeeded_is_plainly_succeeded() {
        String id = "453bd7d7-5355-4d6d-a38e-d9e7eb218c3f";
        VENDOR.givenManualJob(id, fixture("manual/complete-all-ok.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertNull(job.statusReason());
    }

    @Test
    void a_manual_job_with_nulls_everywhere_is_unknown_with_no_items() {
        String id = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
        VENDOR.givenManualJob(id, fixture("manual/all-nullable-null.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.UNKNOWN, job.status());
        assertNull(job.vendorStatus());
        assertEquals(Map.of("kind", "manual", "items", List.of()), job.attributes());
    }

    @Test
    void manual_items_of_any_shape_are_kept() {
        String id = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";
        VENDOR.givenManualJob(id, fixture("manual/odd-items.json"));

        VendorJob job = provider.fetch(ACCOUNT, id);

        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(StatusReason.PARTIAL, job.statusReason(), "code \"500\" is a failed item");
        assertEquals(Arrays.asList(null, "free text", 42,
                        Map.of("individual_id", "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", "message", "no code"),
                        Map.of("code", "500")),
                job.attributes().get("items"));
    }

    @Test
    void a_job_known_to_be_manual_is_read_from_the_manual_endpoint_first() {
        FinchJobs.ManualJob job = aManualJob().withStatus("in_progress");
        VENDOR.givenManualJob(job.id(), job.json());
        provider.fetch(ACCOUNT, job.id());
        int before = VENDOR.requestCount();

        VendorJob again = provider.fetch(ACCOUNT, job.id());

        assertEquals(JobStatus.RUNNING, again.status());
        assertEquals(1, VENDOR.requestCount() - before, "no automated 404 on the second read");
    }

    @Test
    void a_job_id_remembered_as_manual_is_still_found_when_it_turns_out_automated() {
        FinchJobs.ManualJob manual = aManualJob();
        VENDOR.givenManualJob(manual.id(), manual.json());
        provider.fetch(ACCOUNT, manual.id());
        VENDOR.reset();
        VENDOR.givenAutomatedJob(manual.id(), anAutomatedJob().withId(manual.id()).withStatus("complete").json());

        VendorJob job = provider.fetch(ACCOUNT, manual.id());

        assertEquals("automated", job.attributes().get("kind"));
        assertEquals(JobStatus.SUCCEEDED, job.status());
    }

    @Test
    void an_id_neither_endpoint_knows_is_VendorNotFound_for_fetch_and_track() {
        assertThrows(VendorNotFound.class, () -> provider.fetch(ACCOUNT, "0e9d8c7b-6a59-4837-a615-f4e3d2c1b0a9"));
        assertThrows(VendorNotFound.class, () -> provider.track(ACCOUNT, "0e9d8c7b-6a59-4837-a615-f4e3d2c1b0a9"));
    }

    // --- failures ---

    @ParameterizedTest(name = "HTTP {0} -> VendorRejected({0}, {2})")
    @CsvSource({
            "401, errors/401-unauthorized.json, unauthorized_request_error, 'Unauthorized request: no authentication given'",
            "400, errors/400-assisted.json,     bad_request,                cannot create automated job for Assisted Connect token",
    })
    void client_errors_are_VendorRejected_with_finchs_words(int status, String fixture, String code, String message) {
        VENDOR.givenEveryRequestAnswers(json(status, fixture(fixture)));

        VendorRejected e = assertThrows(VendorRejected.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertEquals(status, e.vendorStatusCode());
        assertEquals(code, e.vendorCode());
        assertEquals(message, e.vendorMessage());
    }

    @Test
    void finch_code_wins_over_name_and_a_body_that_is_no_error_shape_still_rejects() {
        VENDOR.givenEveryRequestAnswers(json(403,
                "{\"code\":403,\"name\":\"insufficient_scope_error\",\"finch_code\":\"missing_scope\",\"message\":\"no\"}"));
        VendorRejected e = assertThrows(VendorRejected.class, () -> provider.fetch(ACCOUNT, "some-job"));
        assertEquals("missing_scope", e.vendorCode());

        VENDOR.givenEveryRequestAnswers(aResponse().withStatus(422).withBody("<html>nope</html>"));
        VendorRejected html = assertThrows(VendorRejected.class, () -> provider.fetch(ACCOUNT, "some-job"));
        assertEquals(422, html.vendorStatusCode());
        assertNull(html.vendorCode());
        assertNull(html.vendorMessage());
    }

    @Test
    void a_throttled_read_is_VendorUnavailable_429_with_its_retry_after() {
        VENDOR.givenEveryRequestAnswers(json(429, fixture("errors/429-rate-limit.json")).withHeader("Retry-After", "30"));
        Instant before = Instant.now();

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertEquals(FailureCategory.HTTP_429, e.category());
        assertEquals(429, e.statusCode());
        assertFalse(e.retryAfter().isBefore(before.plusSeconds(30)));
        assertTrue(e.retryAfter().isBefore(Instant.now().plusSeconds(31)));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 504})
    void server_errors_count_against_finch(int status) {
        VENDOR.givenEveryRequestAnswers(json(status, fixture("errors/500-server-error.json")).withHeader("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertEquals(FailureCategory.HTTP_5XX, e.category());
        assertEquals(status, e.statusCode());
        assertTrue(e.countsAgainstVendor());
        assertEquals(Instant.parse("2026-10-21T07:28:00Z"), e.retryAfter());
    }

    @Test
    void an_upstream_provider_error_does_not_count_against_finch() {
        VENDOR.givenEveryRequestAnswers(json(502, fixture("errors/502-upstream.json")));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertEquals(FailureCategory.HTTP_5XX, e.category());
        assertEquals(502, e.statusCode());
        assertFalse(e.countsAgainstVendor());
    }

    @Test
    void a_502_of_finchs_own_counts_against_finch() {
        VENDOR.givenEveryRequestAnswers(json(502, "{\"code\":502,\"name\":\"bad_gateway_error\",\"message\":\"x\"}"));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertTrue(e.countsAgainstVendor());
    }

    @Test
    void a_manual_job_is_found_after_an_automated_404_with_a_body_or_without_one() {
        for (String automated404 : List.of("errors/404-automated-no-body.txt", "errors/404-not-found.json")) {
            FinchJobs.ManualJob job = aManualJob().withStatus("complete");
            VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated/" + job.id()))
                    .willReturn(aResponse().withStatus(404).withBody(fixture(automated404))));
            VENDOR.givenManualJob(job.id(), job.json());

            VendorJob read = provider.track(ACCOUNT, job.id()).jobs().get(0);

            assertEquals("manual", read.type(), automated404);
            assertEquals(JobStatus.SUCCEEDED, read.status(), automated404);
        }
    }

    @Test
    void a_manual_jobs_400_is_VendorRejected_with_its_finch_code_and_message() {
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/manual/m-400"))
                .willReturn(json(400, fixture("errors/400-manual-bad-request.json"))));

        VendorRejected e = assertThrows(VendorRejected.class, () -> provider.fetch(ACCOUNT, "m-400"));

        assertEquals(400, e.vendorStatusCode());
        assertEquals("invalid_request", e.vendorCode());
        assertEquals("job_id must be a valid UUID", e.vendorMessage());
    }

    @Test
    void a_manual_jobs_404_body_is_VendorNotFound() {
        assertThrows(VendorNotFound.class, () -> provider.fetch(ACCOUNT, "49142223-78e0-4092-80e1-313f510b0977"));
        VENDOR.wm.verify(getRequestedFor(urlPathEqualTo("/jobs/manual/49142223-78e0-4092-80e1-313f510b0977")));
    }

    @Test
    void a_manual_read_that_fails_after_the_automated_404_is_that_failure() {
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/manual/m-1"))
                .willReturn(json(500, fixture("errors/500-server-error.json"))));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "m-1"));

        assertEquals(FailureCategory.HTTP_5XX, e.category());
    }

    @Test
    void a_late_answer_is_a_TIMEOUT() {
        VENDOR.givenEveryRequestTimesOut();
        long started = System.nanoTime();

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertEquals(FailureCategory.TIMEOUT, e.category());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < FinchTestVendor.LATE_MILLIS,
                "gave up at the read timeout, before the answer came");
    }

    @Test
    void a_reset_connection_is_CONNECTION() {
        VENDOR.givenEveryConnectionIsReset();

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertEquals(FailureCategory.CONNECTION, e.category());
    }

    @ParameterizedTest
    @CsvSource({"EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE", "MALFORMED_RESPONSE_CHUNK"})
    void broken_transports_are_CONNECTION(Fault fault) {
        VENDOR.givenEveryRequestAnswers(aResponse().withFault(fault));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "some-job"));

        assertEquals(FailureCategory.CONNECTION, e.category());
    }

    @Test
    void a_refused_connection_is_CONNECTION() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ApplicationContext ctx = ApplicationContext.run(Map.of(
                "micronaut.http.services.finch.url", "http://127.0.0.1:" + closedPort))) {
            FinchJobProvider unreachable = ctx.getBean(FinchJobProvider.class);

            VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> unreachable.fetch(ACCOUNT, "some-job"));

            assertEquals(FailureCategory.CONNECTION, e.category());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            FinchTestVendor.TRUNCATED_JOB,
            "",
            "null",
            "[]",
            "<html><body>Bad gateway</body></html>",
            "{\"job_id\":\"x\",\"status\":{\"nested\":true}}",
            "{\"job_id\":\"x\",\"params\":\"not an object\"}",
    })
    void an_unreadable_body_is_MALFORMED(String body) {
        FinchJobs.AutomatedJob job = anAutomatedJob();
        VENDOR.givenAutomatedJob(job.id(), body);

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, job.id()));

        assertEquals(FailureCategory.MALFORMED, e.category());
    }

    @Test
    void an_unreadable_manual_body_is_MALFORMED() {
        VENDOR.givenManualJob("m-2", "{\"job_id\":\"m-2\",\"status\":\"complete\",\"body\":[{\"code\":4");

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, "m-2"));

        assertEquals(FailureCategory.MALFORMED, e.category());
    }
}
