package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Invopop webhooks: bearer authentication with the connection's secret, and the payload read as a signal. */
class InvopopWebhooksTest {
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String SECRET = "s3cret-webhook-token-0123";
    private static final String JOB = "0190f3a2-7b1c-7e4d-9a5b-3c2d1e0f9a8b";

    private static WebhookSignal read(WebhookDelivery delivery) {
        return InvopopWebhooks.read(JSON, delivery, SECRET);
    }

    private static WebhookDelivery authentic(String body) {
        return InvopopWebhookDeliveries.delivery(body, "Bearer " + SECRET);
    }

    @Test
    void the_reference_payload_names_its_job_under_its_own_event_id() {
        WebhookSignal signal = read(authentic(Fixtures.text("reference/3.8d-webhook.json")));
        assertEquals(WebhookSignal.Disposition.ACTIONABLE, signal.disposition());
        assertEquals("e7c1a2b3-4d5e-4f60-8a7b-9c0d1e2f3a4b", signal.eventId());
        assertEquals("error", signal.eventType());
        assertEquals(List.of(JOB), signal.jobsToReread());
    }

    @Test
    void an_older_payload_with_meta_and_a_fault_without_paths_names_its_job() {
        WebhookSignal signal = read(authentic(Fixtures.text("drift/webhook-with-meta-and-bare-fault.json")));
        assertEquals(WebhookSignal.Disposition.ACTIONABLE, signal.disposition());
        assertEquals("f1c2a3b4-5d6e-4f70-8a9b-0c1d2e3f4a5b", signal.eventId());
        assertEquals(java.util.List.of("0190f3a2-7b1c-7e4d-9a5b-3c2d1e0f9a8c"), signal.jobsToReread());
    }

    @Test
    void the_header_name_and_scheme_are_case_insensitive() {
        byte[] body = InvopopWebhookDeliveries.body("evt-1", JOB).getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of("authorization", "bearer  " + SECRET), body);
        assertEquals(List.of(JOB), read(delivery).jobsToReread());
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic " + SECRET, SECRET, "Bearer s3cret-webhook-token-012",
            "Bearer " + SECRET + "4", "Bearer S3CRET-WEBHOOK-TOKEN-0123", "Token " + SECRET})
    void a_missing_or_wrong_bearer_token_is_rejected(String authorization) {
        WebhookDelivery delivery = InvopopWebhookDeliveries.about(JOB, authorization);
        assertThrows(WebhookRejected.class, () -> read(delivery));
    }

    @Test
    void without_a_secret_every_delivery_is_rejected() {
        WebhookDelivery delivery = InvopopWebhookDeliveries.about(JOB, "Bearer " + SECRET);
        assertThrows(WebhookRejected.class, () -> InvopopWebhooks.read(JSON, delivery, null));
        assertThrows(WebhookRejected.class, () -> InvopopWebhooks.read(JSON, delivery, "  "));
        WebhookDelivery emptyBearer = InvopopWebhookDeliveries.about(JOB, "Bearer ");
        assertThrows(WebhookRejected.class, () -> InvopopWebhooks.read(JSON, emptyBearer, ""));
    }

    @Test
    void an_unauthenticated_unreadable_body_is_rejected_not_unusable() {
        assertThrows(WebhookRejected.class, () -> read(InvopopWebhookDeliveries.delivery("{\"id\":", "Bearer nope-nope-nope-nope")));
    }

    @Test
    void an_authenticated_truncated_body_is_unusable_under_the_hash_of_the_body() throws Exception {
        String body = "{ \"id\": \"e7c1a2b3\", \"event\": \"error\", \"transform_job_id\": \"0190f3a2-7b1c";
        WebhookSignal first = read(authentic(body));
        assertEquals(WebhookSignal.Disposition.UNUSABLE, first.disposition());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha, first.eventId());
        assertEquals(first.eventId(), read(authentic(body)).eventId(), "a duplicate dedupes");
        assertEquals(List.of(), first.jobsToReread());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"hello\"", "null", "42"})
    void an_authenticated_body_that_is_not_an_object_is_unusable(String body) {
        WebhookSignal signal = read(authentic(body));
        assertEquals(WebhookSignal.Disposition.UNUSABLE, signal.disposition());
        assertEquals(64, signal.eventId().length());
    }

    @Test
    void a_readable_event_without_a_job_id_is_unusable_under_its_own_id() {
        WebhookSignal signal = read(authentic("{\"id\":\"evt-9\",\"event\":\"success\",\"silo_entry_id\":\"x\"}"));
        assertEquals(WebhookSignal.Disposition.UNUSABLE, signal.disposition());
        assertEquals("evt-9", signal.eventId());
        assertEquals(WebhookSignal.Disposition.UNUSABLE,
                read(authentic("{\"id\":\"evt-10\",\"transform_job_id\":{\"id\":\"x\"}}")).disposition());
    }

    @Test
    void an_event_without_an_id_is_keyed_by_the_hash_of_its_body() {
        String body = "{\"event\":\"success\",\"transform_job_id\":\"" + JOB + "\"}";
        WebhookSignal signal = read(authentic(body));
        assertEquals(WebhookSignal.Disposition.ACTIONABLE, signal.disposition());
        assertEquals(InvopopWebhooks.sha256Hex(body.getBytes(StandardCharsets.UTF_8)), signal.eventId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef", "a secret with spaces!", "ñññññññññññññññññ"})
    void a_webhook_secret_is_any_string_of_16_or_more_characters(String secret) {
        assertDoesNotThrow(() -> InvopopWebhooks.validateSecret(secret));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0123456789abcde", "                ", "0123456789abcdef\n"})
    void shorter_blank_or_unsendable_secrets_are_refused(String secret) {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class, () -> InvopopWebhooks.validateSecret(secret));
        assertEquals("webhookSecret", e.parameter());
    }
}
