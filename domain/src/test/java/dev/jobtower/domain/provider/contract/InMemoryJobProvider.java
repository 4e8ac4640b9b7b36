package dev.jobtower.domain.provider.contract;

import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.UnifiedStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorUnavailable;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.webhook.TimestampedHmacVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link JobProvider} over a map, for use-case tests. Its vendor words are the unified status
 * names in lower case; it signs webhooks with the shared timestamped HMAC scheme.
 */
public final class InMemoryJobProvider implements JobProvider {
    static final TimestampedHmacVerifier VERIFIER = new TimestampedHmacVerifier(
            "fake-event-id", "fake-timestamp", "fake-signature", TimestampedHmacVerifier.BASE64_SECRET);

    private final Provider provider;
    private final Map<String, VendorJob> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile FailureCategory failure;

    public InMemoryJobProvider(Provider provider) {
        this.provider = provider;
    }

    /** Puts a job at the fake vendor with a unified status (its vendor word is the lower-case name). */
    public VendorJob put(String externalId, JobStatus status) {
        return put(VendorJob.builder(externalId).type("fake").status(status)
                .vendorStatus(status.name().toLowerCase()).createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                .rawPayload("{\"id\":\"" + externalId + "\"}").build());
    }

    public VendorJob put(VendorJob job) {
        jobs.put(job.externalId(), job);
        return job;
    }

    /** Makes every later call fail with {@code category}; {@code null} heals the vendor. */
    public void failWith(FailureCategory category) {
        this.failure = category;
    }

    public int requestCount() {
        return requests.get();
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public VendorJob fetch(ProviderAccount account, String externalId) {
        call();
        VendorJob job = jobs.get(externalId);
        if (job == null) {
            throw new VendorNotFound(externalId);
        }
        return job;
    }

    @Override
    public void validateEnqueue(EnqueueRequest request) {
        if (request.type() == null || request.type().isBlank()) {
            throw new InvalidJobRequest("type", "is required");
        }
    }

    @Override
    public EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
        call();
        String id = preassignedId.orElseGet(() -> UUID.randomUUID().toString());
        VendorJob job = VendorJob.builder(id).type(request.type()).status(UnifiedStatus.of(JobStatus.QUEUED))
                .params(request.params()).rawPayload("{\"id\":\"" + id + "\"}").build();
        jobs.put(id, job);
        return EnqueueOutcome.created(job, null);
    }

    @Override
    public List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
        call();
        return new ArrayList<>(jobs.values()).stream().limit(scope.maxJobs()).toList();
    }

    @Override
    public void validateWebhookSecret(String secret) {
        if (!VERIFIER.isWellFormedSecret(secret)) {
            throw new InvalidJobRequest("webhookSecret", "must be base64");
        }
    }

    @Override
    public WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now) {
        String eventId = VERIFIER.verify(delivery, secret, now);
        String body = new String(delivery.body(), StandardCharsets.UTF_8);
        return WebhookSignal.reread(eventId, "job.changed", null, List.of(body));
    }

    @Override
    public void screenWebhook(WebhookDelivery delivery) {
        VERIFIER.screen(delivery);
    }

    /** A delivery about {@code externalId} signed as this fake signs: the body is the id. */
    public static WebhookDelivery signedDelivery(String eventId, String externalId, String secret, Instant now) {
        byte[] body = externalId.getBytes(StandardCharsets.UTF_8);
        long ts = now.getEpochSecond();
        return WebhookDelivery.of(Map.of("fake-event-id", eventId, "fake-timestamp", Long.toString(ts),
                "fake-signature", VERIFIER.sign(eventId, ts, body, secret)), body);
    }

    private void call() {
        requests.incrementAndGet();
        FailureCategory f = failure;
        if (f != null) {
            throw VendorUnavailable.of(f, f == FailureCategory.HTTP_5XX ? 500 : null);
        }
    }
}
