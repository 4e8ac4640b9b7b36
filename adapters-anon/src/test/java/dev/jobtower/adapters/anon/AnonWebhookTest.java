package dev.jobtower.adapters.anon;

import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.jobtower.adapters.anon.AnonFixtures.aJobRun;
import static dev.jobtower.adapters.anon.AnonFixtures.aWorkflowRun;
import static dev.jobtower.adapters.anon.AnonFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * anon's Svix webhooks: signatures checked against values computed outside this code base (Svix's
 * published vector, openssl), and events recognised by the object they carry.
 */
class AnonWebhookTest {
    private static ApplicationContext context;
    private static AnonJobProvider provider;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-02-11T08:04:13Z");

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(Map.of("micronaut.http.services.anon.url", "http://127.0.0.1:9"));
        provider = context.getBean(AnonJobProvider.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    // ---- signatures -----------------------------------------------------------------------------

    /**
     * The vector Svix publishes with its libraries (standard-webhooks/standard-webhooks,
     * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, verifyWebhookSignWorks).
     */
    @Test
    void svixs_published_test_vector_is_accepted() {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of(
                "svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "svix-timestamp", "1614265330",
                "svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), body);

        WebhookSignal signal = provider.readWebhook(delivery, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                Instant.ofEpochSecond(1614265330));

        assertEquals("msg_p5jXN8AQM9LWM0D4loKWxJek", signal.eventId());
        assertEquals(WebhookSignal.Disposition.IGNORED, signal.disposition(), "the vector's body names no job run");
    }

    @Test
    void a_signature_computed_by_openssl_is_accepted_and_a_changed_body_is_not() throws Exception {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        String runId = AnonFixtures.newId();
        byte[] body = event("job_run.updated", aJobRun().id(runId).status("IN_PROGRESS").toMap()).getBytes(StandardCharsets.UTF_8);
        String id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
        long timestamp = NOW.getEpochSecond();
        String signature = "v1," + opensslHmacSha256Base64(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        Map<String, String> headers = Map.of("svix-id", id, "svix-timestamp", Long.toString(timestamp),
                // a rotated key's signature first, as Svix sends during a rotation
                "svix-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + signature);

        WebhookSignal signal = provider.readWebhook(WebhookDelivery.of(headers, body), secret, NOW);

        assertEquals(WebhookSignal.reread(id, "job_run.updated", null, List.of(runId)), signal);
        byte[] changed = new String(body, StandardCharsets.UTF_8).replace("IN_PROGRESS", "COMPLETED").getBytes(StandardCharsets.UTF_8);
        assertThrows(WebhookRejected.class, () -> provider.readWebhook(WebhookDelivery.of(headers, changed), secret, NOW));
    }

    @Test
    void a_delivery_older_than_five_minutes_is_rejected() {
        String secret = secret();
        WebhookDelivery delivery = signed("msg_1", NOW.minusSeconds(301), "{}", secret);
        assertThrows(WebhookRejected.class, () -> provider.readWebhook(delivery, secret, NOW));
    }

    @Test
    void headers_are_matched_whatever_their_case() {
        String secret = secret();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String sig = AnonWebhooks.VERIFIER.sign("msg_1", NOW.getEpochSecond(), body, secret);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of("Svix-Id", "msg_1",
                "Svix-Timestamp", Long.toString(NOW.getEpochSecond()), "Svix-Signature", sig), body);
        assertEquals("msg_1", provider.readWebhook(delivery, secret, NOW).eventId());
    }

    /** The same published vector under the Standard Webhooks header names, which Svix's libraries accept too. */
    @Test
    void the_standard_webhooks_header_names_are_accepted_like_the_svix_ones() {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of(
                "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), body);

        WebhookSignal signal = provider.readWebhook(delivery, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                Instant.ofEpochSecond(1614265330));

        assertEquals("msg_p5jXN8AQM9LWM0D4loKWxJek", signal.eventId());
        WebhookDelivery forged = WebhookDelivery.of(Map.of(
                "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), body);
        assertThrows(WebhookRejected.class, () -> provider.readWebhook(forged,
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Instant.ofEpochSecond(1614265330)));
    }

    @Test
    void a_standard_webhooks_delivery_missing_one_header_is_rejected_naming_it() {
        String secret = secret();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String sig = AnonWebhooks.STANDARD_VERIFIER.sign("msg_1", NOW.getEpochSecond(), body, secret);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of("webhook-id", "msg_1", "webhook-signature", sig), body);
        WebhookRejected rejected = assertThrows(WebhookRejected.class, () -> provider.readWebhook(delivery, secret, NOW));
        assertTrue(rejected.getMessage().contains("webhook-timestamp"), rejected.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999", "-99999999999999999", "9223372036854775807", "-9223372036854775808",
            "99999999999999999999"})
    void a_timestamp_beyond_any_date_is_rejected_not_an_error(String timestamp) {
        String secret = secret();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.of(Map.of("svix-id", "msg_1", "svix-timestamp", timestamp,
                "svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), body);
        assertThrows(WebhookRejected.class, () -> provider.readWebhook(delivery, secret, NOW));
    }

    // ---- what an event asks for -----------------------------------------------------------------

    @Test
    void a_job_run_event_names_the_run_whatever_its_type() {
        String runId = AnonFixtures.newId();
        WebhookSignal signal = read(event("some.future.name", aJobRun().id(runId).status("FAILED").toMap()));
        assertEquals(WebhookSignal.Disposition.ACTIONABLE, signal.disposition());
        assertEquals(List.of(runId), signal.jobsToReread());
        assertEquals("some.future.name", signal.eventType());
    }

    @Test
    void a_workflow_run_event_names_its_job_run() {
        String runId = AnonFixtures.newId();
        WebhookSignal signal = read(event("workflow_run.updated", aWorkflowRun().jobRunId(runId).status("AWAITING_USER_INPUT").toMap()));
        assertEquals(List.of(runId), signal.jobsToReread());
    }

    @Test
    void the_awaiting_mfa_fixture_as_an_event_names_its_job_run() {
        String body = "{\"type\":\"workflow_run.awaiting_user_input\",\"data\":{\"object\":"
                + fixture("workflow-run-awaiting-mfa.json") + "}}";
        assertEquals(List.of("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"), read(body).jobsToReread());
    }

    @Test
    void a_resource_placed_straight_in_data_is_recognised_too() {
        String runId = AnonFixtures.newId();
        String body = Json.write(Map.of("type", "job_run.completed", "data", aJobRun().id(runId).status("COMPLETED").toMap()));
        assertEquals(List.of(runId), read(body).jobsToReread());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"link.opened\",\"data\":{\"object\":{\"id\":\"lnk_1\",\"external_id\":\"customer-7\"}}}",
            "{\"type\":\"svix.ping\"}",
            "{\"type\":\"job.updated\",\"data\":{\"object\":{\"id\":\"6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f\",\"name\":\"Gusto\"}}}",
    })
    void other_events_are_IGNORED(String body) {
        assertEquals(WebhookSignal.Disposition.IGNORED, read(body).disposition());
    }

    @Test
    void a_v1_migration_event_is_IGNORED() {
        WebhookSignal signal = read(fixture("webhook-v1-migration-failed.json"));
        assertEquals(WebhookSignal.Disposition.IGNORED, signal.disposition());
        assertEquals("migration.failed", signal.eventType());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"job_run.completed\",\"data\":{\"object\":{\"id\":\"3e4f",
            "not json at all",
            "[1,2,3]",
            "",
            "{\"type\":\"job_run.completed\",\"data\":{\"object\":{\"jobId\":\"6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f\",\"status\":\"COMPLETED\"}}}",
            "{\"type\":\"workflow_run.failed\",\"data\":{\"object\":{\"jobRunId\":42}}}",
    })
    void an_authentic_but_unreadable_event_is_UNUSABLE(String body) {
        WebhookSignal signal = read(body);
        assertEquals(WebhookSignal.Disposition.UNUSABLE, signal.disposition());
        assertEquals("msg_test", signal.eventId());
    }

    // ---- secrets --------------------------------------------------------------------------------

    @Test
    void a_svix_secret_is_accepted() {
        assertDoesNotThrow(() -> provider.validateWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_", "whsec_not base64!", "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
    void a_malformed_secret_is_refused_naming_webhookSecret(String secret) {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class, () -> provider.validateWebhookSecret(secret));
        assertEquals("webhookSecret", e.parameter());
        assertTrue(secret == null || secret.length() <= "whsec_".length() || !e.getMessage().contains(secret),
                "the secret is never echoed");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String secret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String event(String type, Map<String, Object> object) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_01HX4J1SQ93Y9F6VBQ4JPZW66S");
        event.put("object", "event");
        event.put("created", "2026-02-11T08:04:12.301173");
        event.put("type", type);
        event.put("data", Map.of("object", object));
        return Json.write(event);
    }

    private static WebhookSignal read(String body) {
        String secret = secret();
        return provider.readWebhook(signed("msg_test", NOW, body, secret), secret, NOW);
    }

    private static WebhookDelivery signed(String id, Instant at, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return WebhookDelivery.of(Map.of("svix-id", id, "svix-timestamp", Long.toString(at.getEpochSecond()),
                "svix-signature", AnonWebhooks.VERIFIER.sign(id, at.getEpochSecond(), bytes, secret)), bytes);
    }

    /** HMAC-SHA256 by the openssl command line, so the expected signature owes nothing to the JDK's Mac. */
    private static String opensslHmacSha256Base64(byte[] key, byte[] prefix, byte[] body) throws Exception {
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-mac", "HMAC",
                "-macopt", "hexkey:" + HexFormat.of().formatHex(key), "-binary")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(prefix);
            in.write(body);
        }
        byte[] mac;
        try (InputStream out = p.getInputStream()) {
            mac = readAll(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, p.exitValue(), "openssl exit code");
        assertEquals(32, mac.length, "an HMAC-SHA256 is 32 bytes");
        return Base64.getEncoder().encodeToString(mac);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }
}
