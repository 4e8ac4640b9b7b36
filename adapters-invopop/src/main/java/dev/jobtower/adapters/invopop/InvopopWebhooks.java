package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Invopop webhooks: a workflow's "Send Webhook" step posts a fixed JSON body with
 * {@code Authorization: Bearer <token>} (no HMAC exists, REFERENCE.md 3.7); the token is the connection's
 * webhook secret. The body is a signal naming {@code transform_job_id}, which Jobtower re-reads.
 */
final class InvopopWebhooks {
    static final int MIN_SECRET_LENGTH = 16;
    private static final int MAX_EVENT_ID_LENGTH = 255;
    private static final String BEARER = "bearer";

    private InvopopWebhooks() {
    }

    static void validateSecret(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < MIN_SECRET_LENGTH) {
            throw new InvalidJobRequest("webhookSecret", "must be a string of at least " + MIN_SECRET_LENGTH
                    + " characters (Invopop sends it as the webhook step's bearer token)");
        }
        if (secret.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidJobRequest("webhookSecret", "must not contain control characters");
        }
    }

    /** @throws WebhookRejected when the bearer token is missing or is not the secret */
    static WebhookSignal read(JsonMapper json, WebhookDelivery delivery, String secret) {
        authenticate(delivery, secret);
        byte[] body = delivery.body();
        JsonNode node;
        try {
            node = json.readValue(body, JsonNode.class);
        } catch (Exception e) {
            return WebhookSignal.unusable(sha256Hex(body));
        }
        if (node == null || !node.isObject()) {
            return WebhookSignal.unusable(sha256Hex(body));
        }
        String id = string(node.get("id"));
        String eventId = id != null && id.length() <= MAX_EVENT_ID_LENGTH ? id : sha256Hex(body);
        String jobId = string(node.get("transform_job_id"));
        if (jobId == null || !isExternalId(jobId)) {
            return WebhookSignal.unusable(eventId);
        }
        return WebhookSignal.reread(eventId, string(node.get("event")), null, List.of(jobId));
    }

    /** Refuses, without the secret, a delivery with no {@code Authorization: Bearer <token>} header. */
    static void screen(WebhookDelivery delivery) {
        String header = delivery.header("Authorization").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new WebhookRejected("missing Authorization header"));
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(BEARER)
                || header.substring(space + 1).isBlank()) {
            throw new WebhookRejected("Authorization is not a Bearer token");
        }
    }

    private static void authenticate(WebhookDelivery delivery, String secret) {
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected("no webhook secret is configured for this connection");
        }
        String header = delivery.header("Authorization").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new WebhookRejected("missing Authorization header"));
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw new WebhookRejected("Authorization is not a Bearer token");
        }
        String token = header.substring(space + 1).strip();
        // Digests first: equal lengths, so the comparison's time says nothing about the secret.
        if (!MessageDigest.isEqual(sha256(token.getBytes(StandardCharsets.UTF_8)),
                sha256(secret.getBytes(StandardCharsets.UTF_8)))) {
            throw new WebhookRejected("Authorization does not match");
        }
    }

    private static String string(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        String s = node.getStringValue();
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static boolean isExternalId(String id) {
        try {
            ProviderRef.requireExternalId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256Hex(byte[] body) {
        return HexFormat.of().formatHex(sha256(body));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
