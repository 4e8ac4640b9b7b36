package dev.jobtower.adapters.anon;

import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.webhook.TimestampedHmacVerifier;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * anon's webhooks: Svix deliveries ({@code svix-id}, {@code svix-timestamp}, {@code svix-signature},
 * a {@code whsec_} secret; the Standard Webhooks names {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature} are accepted alike), verified by the shared {@link TimestampedHmacVerifier}. anon's v2 event
 * type names are not public, so an event is recognised by the object it carries in {@code data.object}:
 * a job run ({@code jobId} and {@code status}) or a workflow run ({@code jobRunId}) names the job run to
 * re-read, whatever the event's {@code type}. Public for its Svix names and verifier, which an anon simulator
 * signs with.
 */
public final class AnonWebhooks {
    public static final String ID_HEADER = "svix-id";
    public static final String TIMESTAMP_HEADER = "svix-timestamp";
    public static final String SIGNATURE_HEADER = "svix-signature";
    public static final TimestampedHmacVerifier VERIFIER = new TimestampedHmacVerifier(
            ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER, TimestampedHmacVerifier.WHSEC_SECRET);
    /** The Standard Webhooks names of the same three headers, which Svix's own libraries accept too. */
    public static final String STANDARD_ID_HEADER = "webhook-id";
    public static final String STANDARD_TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String STANDARD_SIGNATURE_HEADER = "webhook-signature";
    public static final TimestampedHmacVerifier STANDARD_VERIFIER = new TimestampedHmacVerifier(
            STANDARD_ID_HEADER, STANDARD_TIMESTAMP_HEADER, STANDARD_SIGNATURE_HEADER, TimestampedHmacVerifier.WHSEC_SECRET);

    private static final Logger LOG = LoggerFactory.getLogger(AnonWebhooks.class);

    private final JsonMapper json;

    AnonWebhooks(JsonMapper json) {
        this.json = json;
    }

    /** Standard Webhooks' names for the same three headers (svix-* is Svix's spelling): screening lets either through. */
    private static final TimestampedHmacVerifier STANDARD_NAMES = new TimestampedHmacVerifier(
            "webhook-id", "webhook-timestamp", "webhook-signature", TimestampedHmacVerifier.WHSEC_SECRET);

    /** Refuses, without the secret, a delivery whose signature headers are missing or unparseable. */
    static void screen(WebhookDelivery delivery) {
        if (delivery.header(SIGNATURE_HEADER).isEmpty() && delivery.header("webhook-signature").isPresent()) {
            STANDARD_NAMES.screen(delivery);
        } else {
            VERIFIER.screen(delivery);
        }
    }

    static boolean isWellFormedSecret(String secret) {
        return secret != null && secret.strip().startsWith("whsec_") && VERIFIER.isWellFormedSecret(secret);
    }

    WebhookSignal read(WebhookDelivery delivery, String secret, Instant now) {
        String eventId = verifierFor(delivery).verify(delivery, secret, now);
        JsonNode event;
        try {
            event = json.readValue(delivery.body(), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("anon webhook {} has a body that is not JSON", eventId);
            return WebhookSignal.unusable(eventId);
        }
        if (event == null || !event.isObject()) {
            LOG.warn("anon webhook {} has a body that is not a JSON object", eventId);
            return WebhookSignal.unusable(eventId);
        }
        String type = text(event.get("type"));
        JsonNode data = event.get("data");
        JsonNode object = data != null && data.isObject() ? data.get("object") : null;
        // Svix senders often put the resource straight into data; accept that shape too
        JsonNode subject = object != null && object.isObject() ? object : data;
        if (subject == null || !subject.isObject()) {
            return WebhookSignal.ignored(eventId, type);
        }
        String jobRunId;
        if (subject.get("jobRunId") != null && !subject.get("jobRunId").isNull()) {
            jobRunId = text(subject.get("jobRunId"));
        } else if (present(subject.get("jobId")) && present(subject.get("status"))) {
            jobRunId = text(subject.get("id"));
        } else {
            return WebhookSignal.ignored(eventId, type);
        }
        if (!isUsableId(jobRunId)) {
            LOG.warn("anon webhook {} names a job run without a usable id", eventId);
            return WebhookSignal.unusable(eventId);
        }
        return WebhookSignal.reread(eventId, type, null, List.of(jobRunId));
    }

    /**
     * As Svix's libraries do: the {@code svix-*} headers when all three are there, otherwise the Standard
     * Webhooks {@code webhook-*} ones (when none of those is there either, the rejection names the svix ones).
     */
    private static TimestampedHmacVerifier verifierFor(WebhookDelivery delivery) {
        boolean svix = delivery.header(ID_HEADER).isPresent() && delivery.header(TIMESTAMP_HEADER).isPresent()
                && delivery.header(SIGNATURE_HEADER).isPresent();
        boolean standard = delivery.header(STANDARD_ID_HEADER).isPresent()
                || delivery.header(STANDARD_TIMESTAMP_HEADER).isPresent()
                || delivery.header(STANDARD_SIGNATURE_HEADER).isPresent();
        return !svix && standard ? STANDARD_VERIFIER : VERIFIER;
    }

    private static boolean isUsableId(String id) {
        try {
            ProviderRef.requireExternalId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.getStringValue() : null;
    }
}
