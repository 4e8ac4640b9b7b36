package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.contract.JobProviderContract;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.finch.FinchJobs.anAutomatedJob;
import static dev.jobtower.adapters.finch.FinchTestVendor.json;

/** The Finch adapter passes the contract every provider shares, against a WireMock Finch. */
class FinchJobProviderContractTest implements JobProviderContract {
    private static final FinchTestVendor VENDOR = FinchTestVendor.get();
    private final List<String> listedJobs = new ArrayList<>();

    @BeforeEach
    void resetVendor() {
        VENDOR.reset();
        stubList();
        VENDOR.wm.stubFor(WireMock.post(urlPathEqualTo("/jobs/automated"))
                .willReturn(json(201, FinchJobs.fixture("enqueue/created-201.json"))));
    }

    @Override
    public JobProvider provider() {
        return VENDOR.provider;
    }

    @Override
    public ProviderAccount account() {
        return FinchTestVendor.ACCOUNT;
    }

    @Override
    public String givenJob(JobStatus status) {
        return given(FinchJobs.automatedWordFor(status));
    }

    @Override
    public String givenJobWithVendorStatus(String unknownWord) {
        return given(unknownWord);
    }

    private String given(String word) {
        FinchJobs.AutomatedJob job = anAutomatedJob().withStatus(word);
        VENDOR.givenAutomatedJob(job.id(), job.json());
        listedJobs.add(job.json());
        stubList();
        return job.id();
    }

    private void stubList() {
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .willReturn(json(200, "{\"meta\":{},\"data\":[" + String.join(",", listedJobs) + "]}")));
    }

    @Override
    public String unknownJobId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void givenVendorFailsWithServerErrors() {
        VENDOR.givenEveryRequestAnswers(json(500, FinchJobs.fixture("errors/500-server-error.json")));
    }

    @Override
    public void givenVendorAnswersTruncatedJson() {
        VENDOR.wm.stubFor(WireMock.get(anyUrl()).atPriority(1).willReturn(json(200, FinchTestVendor.TRUNCATED_JOB)));
    }

    @Override
    public EnqueueRequest validEnqueueRequest() {
        return new EnqueueRequest("data_sync_all", Map.of());
    }

    @Override
    public EnqueueRequest invalidEnqueueRequest() {
        return new EnqueueRequest("w4_form_employee_sync", Map.of());
    }

    @Override
    public String invalidEnqueueParameter() {
        return "params.individualId";
    }

    @Override
    public int vendorRequestCount() {
        return VENDOR.requestCount();
    }

    @Override
    public String validWebhookSecret() {
        return "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";
    }

    @Override
    public String malformedWebhookSecret() {
        return "whsec_not/base64!";
    }

    @Override
    public WebhookDelivery authenticWebhookAbout(String externalId, String secret, Instant now) {
        return signed("msg_" + externalId, externalId, secret, now);
    }

    @Override
    public WebhookDelivery forgedWebhookAbout(String externalId, String secret, Instant now) {
        String otherSecret = Base64.getEncoder().encodeToString("not the connection's secret".getBytes(StandardCharsets.UTF_8));
        return signed("msg_" + externalId, externalId, otherSecret, now);
    }

    private static WebhookDelivery signed(String eventId, String jobId, String secret, Instant now) {
        byte[] body = FinchJobs.aWebhook("job.data_sync_all.completed", jobId).json().getBytes(StandardCharsets.UTF_8);
        long ts = now.getEpochSecond();
        return WebhookDelivery.of(Map.of(
                FinchWebhooks.EVENT_ID_HEADER, eventId,
                FinchWebhooks.TIMESTAMP_HEADER, Long.toString(ts),
                FinchWebhooks.SIGNATURE_HEADER, FinchWebhooks.VERIFIER.sign(eventId, ts, body, secret)), body);
    }
}
