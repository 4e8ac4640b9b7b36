package dev.jobtower.domain.provider.contract;

import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.Unsupported;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorUnavailable;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link JobProvider} shares, written once. An adapter's test implements the
 * hooks below against a vendor it controls (WireMock for the real adapters, a map for the fake);
 * each hook arranges the vendor, the default tests act and assert.
 */
public interface JobProviderContract {

    /** The provider under test, wired to the controlled vendor. */
    JobProvider provider();

    /** An account valid at the controlled vendor. */
    ProviderAccount account();

    /** Makes the vendor hold a job whose unified status is {@code status}; returns its vendor id. */
    String givenJob(JobStatus status);

    /** Makes the vendor hold a job whose status is a word no mapping knows; returns its vendor id. */
    String givenJobWithVendorStatus(String unknownWord);

    /** An id the vendor does not know. */
    String unknownJobId();

    /** From now on, the vendor answers every call with HTTP 500 (or 503). */
    void givenVendorFailsWithServerErrors();

    /** From now on, the vendor answers reads with a truncated JSON body. */
    void givenVendorAnswersTruncatedJson();

    /** An enqueue request the vendor accepts. */
    EnqueueRequest validEnqueueRequest();

    /** An enqueue request our own checks refuse, and the request field they name. */
    EnqueueRequest invalidEnqueueRequest();

    String invalidEnqueueParameter();

    /** How many HTTP requests the vendor has received so far. */
    int vendorRequestCount();

    /** A webhook secret in the vendor's format. */
    String validWebhookSecret();

    /** A webhook secret not in the vendor's format. */
    String malformedWebhookSecret();

    /** A delivery the vendor would send about {@code externalId}, authenticated with {@code secret}. */
    WebhookDelivery authenticWebhookAbout(String externalId, String secret, Instant now);

    /** A delivery about {@code externalId} whose authentication is wrong. */
    WebhookDelivery forgedWebhookAbout(String externalId, String secret, Instant now);

    /** Whether the vendor can list jobs; when false, {@code discover} must throw {@link Unsupported}. */
    default boolean supportsDiscovery() {
        return true;
    }

    default Instant now() {
        return Instant.now();
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED"})
    default void fetch_reads_the_job_with_its_unified_status(JobStatus status) {
        String id = givenJob(status);
        VendorJob job = provider().fetch(account(), id);
        assertEquals(id, job.externalId());
        assertEquals(status, job.status());
        assertNotNull(job.rawPayload(), "the vendor's payload is kept for /raw");
    }

    @Test
    default void fetch_maps_an_unknown_vendor_word_to_UNKNOWN_and_keeps_the_word() {
        String id = givenJobWithVendorStatus("SOMETHING_NEW");
        VendorJob job = provider().fetch(account(), id);
        assertEquals(JobStatus.UNKNOWN, job.status());
        assertEquals("SOMETHING_NEW", job.vendorStatus());
    }

    @Test
    default void fetch_of_an_unknown_id_is_VendorNotFound() {
        assertThrows(VendorNotFound.class, () -> provider().fetch(account(), unknownJobId()));
    }

    @Test
    default void reads_are_repeatable() {
        String id = givenJob(JobStatus.RUNNING);
        assertEquals(provider().fetch(account(), id), provider().fetch(account(), id));
    }

    @Test
    default void vendor_server_errors_are_VendorUnavailable_and_count_against_the_vendor() {
        String id = givenJob(JobStatus.RUNNING);
        givenVendorFailsWithServerErrors();
        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider().fetch(account(), id));
        assertEquals(FailureCategory.HTTP_5XX, e.category());
        assertTrue(e.countsAgainstVendor());
    }

    @Test
    default void truncated_json_is_VendorUnavailable_MALFORMED() {
        String id = givenJob(JobStatus.RUNNING);
        givenVendorAnswersTruncatedJson();
        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider().fetch(account(), id));
        assertEquals(FailureCategory.MALFORMED, e.category());
    }

    @Test
    default void track_finds_an_existing_job() {
        String id = givenJob(JobStatus.SUCCEEDED);
        TrackOutcome outcome = provider().track(account(), id);
        assertTrue(outcome.jobs().stream().anyMatch(j -> j.externalId().equals(id)), "tracked job is returned");
    }

    @Test
    default void track_of_an_unknown_id_is_VendorNotFound() {
        assertThrows(VendorNotFound.class, () -> provider().track(account(), unknownJobId()));
    }

    @Test
    default void enqueue_starts_a_job_that_is_not_yet_terminal() {
        EnqueueRequest request = validEnqueueRequest();
        provider().validateEnqueue(request);
        Optional<String> preassigned = provider().preassignExternalId(request);
        EnqueueOutcome outcome = provider().enqueue(account(), request, preassigned);
        assertNotNull(outcome.job());
        assertFalse(outcome.job().externalId().isBlank());
        assertFalse(outcome.job().status().isTerminal(), "a job just started is not terminal");
        preassigned.ifPresent(id -> assertEquals(id, outcome.job().externalId(), "the pre-assigned id is the job's id"));
    }

    @Test
    default void invalid_enqueue_is_refused_before_any_vendor_call() {
        int before = vendorRequestCount();
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class,
                () -> provider().validateEnqueue(invalidEnqueueRequest()));
        assertEquals(invalidEnqueueParameter(), e.parameter());
        assertEquals(before, vendorRequestCount(), "no vendor call for a request our own checks refuse");
    }

    @Test
    default void webhook_secret_format_is_checked() {
        provider().validateWebhookSecret(validWebhookSecret());
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class,
                () -> provider().validateWebhookSecret(malformedWebhookSecret()));
        assertEquals("webhookSecret", e.parameter());
    }

    @Test
    default void an_authentic_webhook_names_the_job_to_reread() {
        String id = givenJob(JobStatus.SUCCEEDED);
        String secret = validWebhookSecret();
        WebhookSignal signal = provider().readWebhook(authenticWebhookAbout(id, secret, now()), secret, now());
        assertEquals(WebhookSignal.Disposition.ACTIONABLE, signal.disposition());
        assertEquals(List.of(id), signal.jobsToReread());
        assertFalse(signal.eventId().isBlank());
    }

    @Test
    default void the_same_webhook_delivered_twice_carries_the_same_event_id() {
        String id = givenJob(JobStatus.SUCCEEDED);
        String secret = validWebhookSecret();
        WebhookDelivery delivery = authenticWebhookAbout(id, secret, now());
        assertEquals(provider().readWebhook(delivery, secret, now()).eventId(),
                provider().readWebhook(delivery, secret, now()).eventId());
    }

    @Test
    default void a_forged_webhook_is_rejected() {
        String id = givenJob(JobStatus.SUCCEEDED);
        String secret = validWebhookSecret();
        assertThrows(WebhookRejected.class,
                () -> provider().readWebhook(forgedWebhookAbout(id, secret, now()), secret, now()));
    }

    @Test
    default void screening_lets_an_authentic_webhook_through_without_its_secret() {
        String id = givenJob(JobStatus.SUCCEEDED);
        provider().screenWebhook(authenticWebhookAbout(id, validWebhookSecret(), now()));
    }

    @Test
    default void screening_refuses_a_webhook_without_its_signature_headers() {
        String id = givenJob(JobStatus.SUCCEEDED);
        WebhookDelivery authentic = authenticWebhookAbout(id, validWebhookSecret(), now());
        WebhookDelivery bare = new WebhookDelivery(java.util.Map.of("Content-Type", List.of("application/json")),
                authentic.body());
        int before = vendorRequestCount();
        assertThrows(WebhookRejected.class, () -> provider().screenWebhook(bare));
        assertEquals(before, vendorRequestCount(), "screening calls nobody");
    }

    @Test
    default void a_webhook_for_a_connection_without_secret_is_rejected() {
        String id = givenJob(JobStatus.SUCCEEDED);
        String secret = validWebhookSecret();
        assertThrows(WebhookRejected.class,
                () -> provider().readWebhook(authenticWebhookAbout(id, secret, now()), null, now()));
    }

    @Test
    default void discovery_lists_the_vendors_jobs_or_says_it_cannot() {
        String id = givenJob(JobStatus.RUNNING);
        DiscoveryScope scope = new DiscoveryScope(now().minus(Duration.ofDays(3650)), Set.of(), 1000);
        if (supportsDiscovery()) {
            List<VendorJob> found = provider().discover(account(), scope);
            assertTrue(found.stream().anyMatch(j -> j.externalId().equals(id)), "discovery finds " + id);
        } else {
            assertThrows(Unsupported.class, () -> provider().discover(account(), scope));
        }
    }
}
