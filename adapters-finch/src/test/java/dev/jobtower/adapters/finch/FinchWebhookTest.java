package dev.jobtower.adapters.finch;

import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.provider.WebhookSignal.Disposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.finch.FinchJobs.aWebhook;
import static dev.jobtower.adapters.finch.FinchJobs.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finch's webhooks: REFERENCE.md 1.7's verification, then which events name a job. */
class FinchWebhookTest {
    private static final FinchJobProvider PROVIDER = FinchTestVendor.get().provider;
    private static final String SECRET = "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";
    private static final String EVENT_ID = "msg_2Lh9KRb0pzN4LePd3XiA4v12Axj";
    private static final Instant NOW = Instant.parse("2026-03-02T09:20:00Z");
    private static final String JOB_ID = "0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10";

    private static WebhookDelivery signed(String body) {
        return signed(body, NOW);
    }

    private static WebhookDelivery signed(String body, Instant sentAt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = sentAt.getEpochSecond();
        return WebhookDelivery.of(Map.of(
                "Finch-Event-Id", EVENT_ID,
                "Finch-Timestamp", Long.toString(ts),
                "Finch-Signature", FinchWebhooks.VERIFIER.sign(EVENT_ID, ts, bytes, SECRET)), bytes);
    }

    // --- verification ---

    @Test
    void the_sdk_test_vector_verifies_with_the_clock_frozen_at_its_timestamp() {
        Instant frozen = Instant.ofEpochSecond(1676312382);
        byte[] body = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\"}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of(
                "finch-event-id", EVENT_ID,
                "finch-timestamp", "1676312382",
                "finch-signature", "v1,m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s="), body);

        WebhookSignal signal = PROVIDER.readWebhook(delivery, SECRET, frozen);

        assertEquals(EVENT_ID, signal.eventId());
        assertEquals(Disposition.UNUSABLE, signal.disposition(), "authentic, but it names no event type");
        assertEquals("v1,m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s=",
                FinchWebhooks.VERIFIER.sign(EVENT_ID, 1676312382, body, SECRET));
    }

    @Test
    void the_sdk_test_vector_is_rejected_six_minutes_later_or_earlier() {
        Instant sentAt = Instant.ofEpochSecond(1676312382);
        byte[] body = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\"}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of(
                "Finch-Event-Id", EVENT_ID,
                "Finch-Timestamp", "1676312382",
                "Finch-Signature", "v1,m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s="), body);

        assertThrows(WebhookRejected.class, () -> PROVIDER.readWebhook(delivery, SECRET, sentAt.plusSeconds(360)));
        assertThrows(WebhookRejected.class, () -> PROVIDER.readWebhook(delivery, SECRET, sentAt.minusSeconds(360)));
        PROVIDER.readWebhook(delivery, SECRET, sentAt.plusSeconds(299));
    }

    @Test
    void a_tampered_body_is_rejected() {
        WebhookDelivery good = signed(fixture("webhooks/job-data_sync_all-completed.json"));
        byte[] tampered = fixture("webhooks/job-data_sync_all-completed.json").replace("0b7b", "0b7c")
                .getBytes(StandardCharsets.UTF_8);
        WebhookDelivery bad = WebhookDelivery.of(Map.of(
                "Finch-Event-Id", EVENT_ID,
                "Finch-Timestamp", good.header("Finch-Timestamp").orElseThrow(),
                "Finch-Signature", good.header("Finch-Signature").orElseThrow()), tampered);

        assertThrows(WebhookRejected.class, () -> PROVIDER.readWebhook(bad, SECRET, NOW));
    }

    @Test
    void any_matching_v1_signature_among_several_is_enough() {
        byte[] body = fixture("webhooks/job-data_sync_all-completed.json").getBytes(StandardCharsets.UTF_8);
        long ts = NOW.getEpochSecond();
        String valid = FinchWebhooks.VERIFIER.sign(EVENT_ID, ts, body, SECRET);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of(
                "Finch-Event-Id", EVENT_ID,
                "Finch-Timestamp", Long.toString(ts),
                "Finch-Signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2," + valid.substring(3) + " " + valid), body);

        assertEquals(Disposition.ACTIONABLE, PROVIDER.readWebhook(delivery, SECRET, NOW).disposition());
    }

    @Test
    void a_signature_under_another_version_is_not_accepted() {
        byte[] body = fixture("webhooks/job-data_sync_all-completed.json").getBytes(StandardCharsets.UTF_8);
        long ts = NOW.getEpochSecond();
        String valid = FinchWebhooks.VERIFIER.sign(EVENT_ID, ts, body, SECRET);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of(
                "Finch-Event-Id", EVENT_ID,
                "Finch-Timestamp", Long.toString(ts),
                "Finch-Signature", "v2," + valid.substring(3)), body);

        assertThrows(WebhookRejected.class, () -> PROVIDER.readWebhook(delivery, SECRET, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Finch-Event-Id", "Finch-Timestamp", "Finch-Signature"})
    void a_missing_header_is_rejected(String header) {
        WebhookDelivery good = signed(fixture("webhooks/job-data_sync_all-completed.json"));
        Map<String, String> headers = new java.util.HashMap<>(Map.of(
                "Finch-Event-Id", EVENT_ID,
                "Finch-Timestamp", good.header("Finch-Timestamp").orElseThrow(),
                "Finch-Signature", good.header("Finch-Signature").orElseThrow()));
        headers.remove(header);

        assertThrows(WebhookRejected.class,
                () -> PROVIDER.readWebhook(WebhookDelivery.of(headers, good.body()), SECRET, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999", "-99999999999999999", "9223372036854775807", "-9223372036854775808"})
    void a_timestamp_beyond_any_date_is_rejected_not_an_error(String timestamp) {
        byte[] body = fixture("webhooks/job-data_sync_all-completed.json").getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of(
                "Finch-Event-Id", EVENT_ID,
                "Finch-Timestamp", timestamp,
                "Finch-Signature", FinchWebhooks.VERIFIER.sign(EVENT_ID, NOW.getEpochSecond(), body, SECRET)), body);

        assertThrows(WebhookRejected.class, () -> PROVIDER.readWebhook(delivery, SECRET, NOW));
    }

    @Test
    void no_secret_rejects_even_an_authentic_delivery() {
        WebhookDelivery delivery = signed(fixture("webhooks/job-data_sync_all-completed.json"));

        assertThrows(WebhookRejected.class, () -> PROVIDER.readWebhook(delivery, null, NOW));
        assertThrows(WebhookRejected.class, () -> PROVIDER.readWebhook(delivery, " ", NOW));
    }

    // --- what an authentic delivery asks for ---

    @Test
    void a_completed_data_sync_names_its_job_and_connection() {
        WebhookSignal signal = PROVIDER.readWebhook(signed(fixture("webhooks/job-data_sync_all-completed.json")), SECRET, NOW);

        assertEquals(new WebhookSignal(EVENT_ID, "job.data_sync_all.completed", "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
                List.of(JOB_ID), Disposition.ACTIONABLE), signal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "job.data_sync_all.completed",
            "job.w4_form_employee_sync.completed",
            "job.benefit_create.completed",
            "job.benefit_enroll.completed",
            "job.benefit_register.completed",
            "job.benefit_unenroll.completed",
            "job.benefit_update.completed",
            "job.some_future_type.completed",
            "job.initial_data_sync_org.succeeded",
            "job.initial_data_sync_payroll.succeeded",
    })
    void job_events_name_the_job_to_reread(String eventType) {
        WebhookSignal signal = PROVIDER.readWebhook(signed(aWebhook(eventType, JOB_ID).json()), SECRET, NOW);

        assertEquals(Disposition.ACTIONABLE, signal.disposition());
        assertEquals(List.of(JOB_ID), signal.jobsToReread());
        assertEquals(eventType, signal.eventType());
        assertEquals(FinchJobs.WebhookBody.CONNECTION_ID, signal.vendorConnectionId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "account.updated",
            "company.updated",
            "directory.created",
            "individual.updated",
            "payment.created",
            "pay_statement.deleted",
            "job.data_sync_all.started",
            "job.completed",
            "job.data_sync_all.succeeded",
    })
    void other_events_are_ignored_but_keep_their_connection(String eventType) {
        WebhookSignal signal = PROVIDER.readWebhook(signed(aWebhook(eventType, JOB_ID).json()), SECRET, NOW);

        assertEquals(Disposition.IGNORED, signal.disposition());
        assertEquals(List.of(), signal.jobsToReread());
        assertEquals(eventType, signal.eventType());
        assertEquals(FinchJobs.WebhookBody.CONNECTION_ID, signal.vendorConnectionId());
    }

    @Test
    void an_event_whose_data_has_another_shape_is_ignored() {
        WebhookSignal signal = PROVIDER.readWebhook(signed(fixture("webhooks/directory-updated.json")), SECRET, NOW);

        assertEquals(Disposition.IGNORED, signal.disposition());
        assertEquals("directory.updated", signal.eventType());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"0b7b",
            "not json at all",
            "[]",
            "null",
            "\"job.data_sync_all.completed\"",
    })
    @NullAndEmptySource
    void an_authentic_but_unreadable_body_is_UNUSABLE(String body) {
        WebhookSignal signal = PROVIDER.readWebhook(signed(body == null ? "" : body), SECRET, NOW);

        assertEquals(Disposition.UNUSABLE, signal.disposition());
        assertEquals(EVENT_ID, signal.eventId());
        assertEquals(List.of(), signal.jobsToReread());
    }

    @Test
    void a_job_event_without_a_usable_job_id_is_UNUSABLE() {
        for (String body : List.of(
                aWebhook("job.data_sync_all.completed", JOB_ID).without("data").json(),
                aWebhook("job.data_sync_all.completed", JOB_ID).with("data", null).json(),
                aWebhook("job.data_sync_all.completed", JOB_ID).with("data", Map.of("job_url", "x")).json(),
                aWebhook("job.data_sync_all.completed", JOB_ID).with("data", Map.of("job_id", 42)).json(),
                aWebhook("job.data_sync_all.completed", JOB_ID).with("data", Map.of("job_id", " ")).json(),
                aWebhook("job.data_sync_all.completed", JOB_ID).with("data", List.of()).json())) {
            WebhookSignal signal = PROVIDER.readWebhook(signed(body), SECRET, NOW);
            assertEquals(Disposition.UNUSABLE, signal.disposition(), body);
            assertEquals("job.data_sync_all.completed", signal.eventType());
            assertEquals(FinchJobs.WebhookBody.CONNECTION_ID, signal.vendorConnectionId());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"create", "update", "register", "enroll", "unenroll"})
    void a_benefits_event_names_a_manual_job_which_is_then_read_from_the_manual_endpoint_only(String call) {
        FinchTestVendor vendor = FinchTestVendor.get();
        vendor.reset();
        String body = fixture("webhooks/job-benefit_" + call + "-completed.json");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"job_id\":\\s*\"([^\"]+)\"").matcher(body);
        assertTrue(id.find(), body);
        String jobId = id.group(1);
        vendor.givenManualJob(jobId, FinchJobs.aManualJob().withId(jobId).withStatus("complete").json());

        WebhookSignal signal = PROVIDER.readWebhook(signed(body), SECRET, NOW);
        VendorJob job = PROVIDER.fetch(FinchTestVendor.ACCOUNT, jobId);

        assertEquals(new WebhookSignal(EVENT_ID, "job.benefit_" + call + ".completed", FinchJobs.WebhookBody.CONNECTION_ID,
                List.of(jobId), Disposition.ACTIONABLE), signal);
        assertEquals("manual", job.type());
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals(1, vendor.requestCount(), "GET /jobs/manual/{job_id} only, no automated 404 first");
        vendor.wm.verify(getRequestedFor(urlPathEqualTo("/jobs/manual/" + jobId)));
    }

    @Test
    void the_2026_base_event_company_and_account_ids_without_connection_id_is_read_and_names_no_connection() {
        WebhookSignal signal = PROVIDER.readWebhook(
                signed(fixture("webhooks/job-w4_form_employee_sync-completed-no-connection-id.json")), SECRET, NOW);

        assertEquals(new WebhookSignal(EVENT_ID, "job.w4_form_employee_sync.completed", null,
                List.of("c2f0f3b1-8d41-4a8e-b1f2-6a7e3c55e901"), Disposition.ACTIONABLE), signal);
    }

    @Test
    void all_four_ids_are_accepted_and_routing_stays_by_connection_id() {
        for (String entityId : java.util.Arrays.asList("5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e", null)) {
            String body = aWebhook("job.data_sync_all.completed", JOB_ID)
                    .with("company_id", "720be419-0293-4d32-a707-32179b0827ab")
                    .with("account_id", "2c7d4a5e-0f61-4b8e-9f07-0d1f2e3a4b5c")
                    .with("entity_id", entityId).json();

            WebhookSignal signal = PROVIDER.readWebhook(signed(body), SECRET, NOW);

            assertEquals(Disposition.ACTIONABLE, signal.disposition(), body);
            assertEquals(FinchJobs.WebhookBody.CONNECTION_ID, signal.vendorConnectionId(), body);
            assertEquals(List.of(JOB_ID), signal.jobsToReread(), body);
        }
    }

    @Test
    void an_event_without_connection_id_names_none() {
        WebhookSignal signal = PROVIDER.readWebhook(
                signed(aWebhook("job.data_sync_all.completed", JOB_ID).without("connection_id").json()), SECRET, NOW);

        assertEquals(Disposition.ACTIONABLE, signal.disposition());
        assertNull(signal.vendorConnectionId());
    }

    // --- secrets ---

    @Test
    void a_base64_secret_is_accepted() {
        PROVIDER.validateWebhookSecret(SECRET);
        PROVIDER.validateWebhookSecret("c2VjcmV0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH", "abc$", "   "})
    @NullAndEmptySource
    void a_secret_that_is_not_base64_is_refused(String secret) {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class, () -> PROVIDER.validateWebhookSecret(secret));
        assertEquals("webhookSecret", e.parameter());
        assertTrue(secret == null || secret.isBlank() || !e.getMessage().contains(secret), "the secret is never echoed");
    }
}
