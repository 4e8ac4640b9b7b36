package dev.jobtower.adapters.anon;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.contract.JobProviderContract;
import dev.jobtower.domain.webhook.TimestampedHmacVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.anon.AnonFixtures.aJob;
import static dev.jobtower.adapters.anon.AnonFixtures.aJobRun;
import static dev.jobtower.adapters.anon.AnonFixtures.aWorkflowRun;

/** {@link AnonJobProvider} passes the contract every provider passes, against anon stubbed by WireMock. */
class AnonJobProviderContractTest implements JobProviderContract {
    private static AnonVendor anon;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TimestampedHmacVerifier SVIX = new TimestampedHmacVerifier(
            "svix-id", "svix-timestamp", "svix-signature", TimestampedHmacVerifier.WHSEC_SECRET);

    @BeforeAll
    static void startAnon() {
        anon = new AnonVendor();
    }

    @AfterAll
    static void stopAnon() {
        anon.close();
    }

    @BeforeEach
    void resetAnon() {
        anon.reset();
    }

    @Override
    public JobProvider provider() {
        return anon.provider;
    }

    @Override
    public ProviderAccount account() {
        return anon.account;
    }

    @Override
    public String givenJob(JobStatus status) {
        String word = switch (status) {
            case QUEUED -> "PENDING";
            case RUNNING -> "IN_PROGRESS";
            case SUCCEEDED -> "COMPLETED";
            case FAILED -> "FAILED";
            default -> throw new IllegalArgumentException("anon has no run status for " + status);
        };
        return givenRun(word);
    }

    @Override
    public String givenJobWithVendorStatus(String unknownWord) {
        return givenRun(unknownWord);
    }

    private String givenRun(String word) {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status(word);
        if (!"PENDING".equals(word)) {
            String workflowStatus = "COMPLETED".equals(word) || "FAILED".equals(word) ? word : "IN_PROGRESS";
            run.workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status(workflowStatus));
        }
        anon.jobWithWorkflows(job).jobRun(run);
        return run.id;
    }

    @Override
    public String unknownJobId() {
        return AnonFixtures.newId();
    }

    @Override
    public void givenVendorFailsWithServerErrors() {
        anon.answerEverything(serverError());
    }

    @Override
    public void givenVendorAnswersTruncatedJson() {
        anon.answerEverything(okJson("{\"id\": \"3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7\", \"status\": \"IN_PR"));
    }

    @Override
    public EnqueueRequest validEnqueueRequest() {
        AnonFixtures.JobBuilder job = aJob();
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs"))
                .withRequestBody(equalToJson("{\"jobId\":\"" + job.id + "\"}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(aJobRun().of(job).status("PENDING").toJson())));
        return new EnqueueRequest(job.id, Map.of());
    }

    @Override
    public EnqueueRequest invalidEnqueueRequest() {
        return new EnqueueRequest("gusto-payroll-export", Map.of());
    }

    @Override
    public String invalidEnqueueParameter() {
        return "type";
    }

    @Override
    public int vendorRequestCount() {
        return anon.requestCount();
    }

    @Override
    public boolean supportsDiscovery() {
        // anon lists runs per job only: discovery covers watched job ids (AnonJobProviderTest), not the account
        return false;
    }

    @Override
    public String validWebhookSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public String malformedWebhookSecret() {
        return "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // base64 but without the whsec_ prefix
    }

    @Override
    public WebhookDelivery authenticWebhookAbout(String externalId, String secret, Instant now) {
        return delivery(externalId, secret, now);
    }

    @Override
    public WebhookDelivery forgedWebhookAbout(String externalId, String secret, Instant now) {
        return delivery(externalId, validWebhookSecret(), now);
    }

    private static WebhookDelivery delivery(String runId, String secret, Instant now) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", runId);
        object.put("jobId", AnonFixtures.newId());
        object.put("status", "COMPLETED");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + runId);
        event.put("object", "event");
        event.put("type", "job_run.completed");
        event.put("data", Map.of("object", object));
        byte[] body = Json.write(event).getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + runId.replace("-", "");
        return WebhookDelivery.of(Map.of("svix-id", id, "svix-timestamp", Long.toString(now.getEpochSecond()),
                "svix-signature", SVIX.sign(id, now.getEpochSecond(), body, secret)), body);
    }
}
