package dev.jobtower.domain.provider;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.VendorJob;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port every vendor adapter implements: reads, starts and discovers jobs at one vendor
 * and authenticates that vendor's webhooks. Every method translates the vendor's vocabulary into
 * the unified one; none keeps state between calls beyond caches.
 *
 * <p>Failures are reported as {@link ProviderException}s: {@link VendorNotFound},
 * {@link VendorRejected}, {@link VendorRateLimited}, {@link VendorUnavailable}, {@link InvalidJobRequest},
 * {@link Unsupported}, {@link WebhookRejected}. Nothing else may escape (a malformed vendor body is a
 * {@code VendorUnavailable(MALFORMED)}).
 */
public interface JobProvider {

    Provider provider();

    /** Reads one job. @throws VendorNotFound when the vendor has no job under that id */
    VendorJob fetch(ProviderAccount account, String externalId);

    /**
     * Looks up an id a user asked to follow. Most vendors: {@link #fetch}. anon: a job run, else a
     * job whose runs are all returned and whose future runs are watched.
     */
    default TrackOutcome track(ProviderAccount account, String externalId) {
        return TrackOutcome.single(fetch(account, externalId));
    }

    /** Checks an enqueue request before any vendor call. @throws InvalidJobRequest naming the field */
    void validateEnqueue(EnqueueRequest request);

    /**
     * An id to store the job under before the create call, for vendors that accept client-chosen ids
     * (Invopop {@code PUT /jobs/{id}}), so a retry after a timeout can never create a second job.
     */
    default Optional<String> preassignExternalId(EnqueueRequest request) {
        return Optional.empty();
    }

    /**
     * Starts a job. Never retried blindly by callers.
     *
     * @param preassignedId the id from {@link #preassignExternalId}, when there was one
     */
    EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId);

    /** Lists the account's jobs within the scope. @throws Unsupported when the vendor cannot list jobs */
    List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope);

    /** What the vendor says about the account (its own id for it, its quota). */
    default AccountInfo introspect(ProviderAccount account) {
        return AccountInfo.none();
    }

    /** Checks a webhook secret's format when a connection is created. @throws InvalidJobRequest naming {@code webhookSecret} */
    void validateWebhookSecret(String secret);

    /**
     * Authenticates a webhook delivery with the connection's secret and says what it asks for.
     * An authenticated but unreadable body is {@link WebhookSignal.Disposition#UNUSABLE}, not an exception.
     *
     * @param secret the connection's webhook secret, or {@code null} when it has none
     * @throws WebhookRejected when the delivery is not authentic
     */
    WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now);

    /**
     * Refuses a delivery whose shape alone shows it cannot be authentic (its signature headers missing
     * or unparseable), before any secret is looked up: no database work for such requests. Accepting
     * here decides nothing; {@link #readWebhook} still authenticates. The default accepts everything.
     *
     * @throws WebhookRejected naming what is missing or malformed
     */
    default void screenWebhook(WebhookDelivery delivery) {
    }
}
