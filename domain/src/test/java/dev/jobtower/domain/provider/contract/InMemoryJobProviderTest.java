package dev.jobtower.domain.provider.contract;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.UnifiedStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.WebhookDelivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** The in-memory fake passes the same contract as the real adapters. */
class InMemoryJobProviderTest implements JobProviderContract {
    private final InMemoryJobProvider fake = new InMemoryJobProvider(Provider.of("finch"));

    @Override
    public JobProvider provider() {
        return fake;
    }

    @Override
    public ProviderAccount account() {
        return new ProviderAccount(new ConnectionId(UUID.randomUUID()), "token", null);
    }

    @Override
    public String givenJob(JobStatus status) {
        return fake.put(UUID.randomUUID().toString(), status).externalId();
    }

    @Override
    public String givenJobWithVendorStatus(String unknownWord) {
        String id = UUID.randomUUID().toString();
        fake.put(VendorJob.builder(id).status(UnifiedStatus.unknown()).vendorStatus(unknownWord).rawPayload("{}").build());
        return id;
    }

    @Override
    public String unknownJobId() {
        return "no-such-job";
    }

    @Override
    public void givenVendorFailsWithServerErrors() {
        fake.failWith(FailureCategory.HTTP_5XX);
    }

    @Override
    public void givenVendorAnswersTruncatedJson() {
        fake.failWith(FailureCategory.MALFORMED);
    }

    @Override
    public EnqueueRequest validEnqueueRequest() {
        return new EnqueueRequest("sync", Map.of());
    }

    @Override
    public EnqueueRequest invalidEnqueueRequest() {
        return new EnqueueRequest(" ", Map.of());
    }

    @Override
    public String invalidEnqueueParameter() {
        return "type";
    }

    @Override
    public int vendorRequestCount() {
        return fake.requestCount();
    }

    @Override
    public String validWebhookSecret() {
        return Base64.getEncoder().encodeToString("a secret of the fake".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String malformedWebhookSecret() {
        return "not base64!";
    }

    @Override
    public WebhookDelivery authenticWebhookAbout(String externalId, String secret, Instant now) {
        return InMemoryJobProvider.signedDelivery("evt_" + externalId, externalId, secret, now);
    }

    @Override
    public WebhookDelivery forgedWebhookAbout(String externalId, String secret, Instant now) {
        String other = Base64.getEncoder().encodeToString("another secret".getBytes(StandardCharsets.UTF_8));
        return InMemoryJobProvider.signedDelivery("evt_" + externalId, externalId, other, now);
    }
}
