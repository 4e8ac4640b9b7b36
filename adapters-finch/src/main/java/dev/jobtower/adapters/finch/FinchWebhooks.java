package dev.jobtower.adapters.finch;

import dev.jobtower.adapters.finch.wire.WebhookEvent;
import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.provider.WebhookSignal.Disposition;
import dev.jobtower.domain.webhook.TimestampedHmacVerifier;
import io.micronaut.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Finch's webhooks (REFERENCE.md 1.7): the shared timestamped HMAC scheme under Finch's header names
 * with a plain base64 secret, and which events name a job to re-read. Public so a Finch simulator can
 * sign what it sends with the same names.
 */
public final class FinchWebhooks {
    public static final String EVENT_ID_HEADER = "Finch-Event-Id";
    public static final String TIMESTAMP_HEADER = "Finch-Timestamp";
    public static final String SIGNATURE_HEADER = "Finch-Signature";
    public static final TimestampedHmacVerifier VERIFIER = new TimestampedHmacVerifier(
            EVENT_ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER, TimestampedHmacVerifier.BASE64_SECRET);

    private static final Logger LOG = LoggerFactory.getLogger(FinchWebhooks.class);

    private final JsonMapper json;

    FinchWebhooks(JsonMapper json) {
        this.json = json;
    }

    /** Whether an event type names a job to re-read: {@code job.*.completed}, {@code job.initial_data_sync_*.succeeded}. */
    public static boolean namesAJob(String eventType) {
        if (eventType == null) {
            return false;
        }
        return eventType.startsWith("job.") && eventType.endsWith(".completed") && eventType.length() > "job..completed".length()
                || eventType.startsWith("job.initial_data_sync_") && eventType.endsWith(".succeeded");
    }

    /**
     * Whether an event type announces a manual job: the five benefits calls answer with a {@code job_id} that
     * is read with {@code GET /jobs/manual/{job_id}} (REFERENCE.md 1.8a), and their completions are
     * {@code job.benefit_{create,update,register,enroll,unenroll}.completed}.
     */
    public static boolean namesAManualJob(String eventType) {
        return eventType != null && eventType.startsWith("job.benefit_") && eventType.endsWith(".completed")
                && eventType.length() > "job.benefit_.completed".length();
    }

    static void validateSecret(String secret) {
        if (!VERIFIER.isWellFormedSecret(secret)) {
            throw new InvalidJobRequest("webhookSecret", "must be base64 (the secret Finch's dashboard shows)");
        }
    }

    /** @throws WebhookRejected when the delivery is not authentic */
    WebhookSignal read(WebhookDelivery delivery, String secret, Instant now) {
        String eventId = VERIFIER.verify(delivery, secret, now);
        WebhookEvent event;
        try {
            event = json.readValue(delivery.body(), WebhookEvent.class);
        } catch (Exception e) {
            LOG.warn("Finch webhook {} has an unreadable body ({})", eventId, e.getClass().getSimpleName());
            return WebhookSignal.unusable(eventId);
        }
        if (event == null) {
            LOG.warn("Finch webhook {} has an empty body", eventId);
            return WebhookSignal.unusable(eventId);
        }
        String type = FinchJobMapper.blankToNull(event.eventType());
        String connectionId = FinchJobMapper.blankToNull(event.connectionId());
        if (type == null) {
            LOG.warn("Finch webhook {} names no event_type", eventId);
            return new WebhookSignal(eventId, null, connectionId, List.of(), Disposition.UNUSABLE);
        }
        if (!namesAJob(type)) {
            return new WebhookSignal(eventId, type, connectionId, List.of(), Disposition.IGNORED);
        }
        String jobId = event.jobId();
        if (!isUsableId(jobId)) {
            LOG.warn("Finch webhook {} ({}) names no usable data.job_id", eventId, type);
            return new WebhookSignal(eventId, type, connectionId, List.of(), Disposition.UNUSABLE);
        }
        return WebhookSignal.reread(eventId, type, connectionId, List.of(jobId));
    }

    private static boolean isUsableId(String id) {
        try {
            ProviderRef.requireExternalId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
