package dev.jobtower.adapters.invopop;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.contract.JobProviderContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** {@link InvopopJobProvider} passes the contract every provider passes, against Invopop stubbed by WireMock. */
class InvopopJobProviderContractTest implements JobProviderContract {
    private static InvopopVendor vendor;

    @BeforeAll
    static void startVendor() {
        vendor = InvopopVendor.start();
    }

    @AfterAll
    static void stopVendor() {
        vendor.close();
    }

    @BeforeEach
    void resetVendor() {
        vendor.reset();
        // PUT /jobs/{id} accepts the job and answers it as just created, under the id in the path.
        vendor.wm.stubFor(put(urlPathMatching("/transform/v1/jobs/[^/]+")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"{{request.pathSegments.[3]}}\",\"created_at\":\"2026-04-30T08:39:57.933Z\","
                        + "\"updated_at\":\"2026-04-30T08:39:57.933Z\",\"workflow_id\":\"" + TransformJobs.WORKFLOW_ID
                        + "\",\"silo_entry_id\":\"" + TransformJobs.SILO_ENTRY_ID + "\"}")
                .withTransformers("response-template")));
    }

    @Override
    public JobProvider provider() {
        return vendor.provider;
    }

    @Override
    public ProviderAccount account() {
        return vendor.account;
    }

    @Override
    public String givenJob(JobStatus status) {
        TransformJobs.Builder job = TransformJobs.aJob();
        switch (status) {
            case QUEUED -> job.queued();
            case RUNNING -> job.running();
            case SUCCEEDED -> job.succeeded().withPdf();
            case FAILED -> job.failed();
            default -> throw new IllegalArgumentException("no Invopop fixture for " + status);
        }
        return vendor.givenJob(job.build());
    }

    @Override
    public String givenJobWithVendorStatus(String unknownWord) {
        TransformJob job = TransformJobs.aJob().status(unknownWord)
                .intent(TransformJobs.anIntentWithEvents("RUN", unknownWord)).build();
        return vendor.givenJob(job);
    }

    @Override
    public String unknownJobId() {
        return TransformJobs.newJobId();
    }

    @Override
    public void givenVendorFailsWithServerErrors() {
        vendor.wm.stubFor(WireMock.any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                .withBody("upstream connect error")));
    }

    @Override
    public void givenVendorAnswersTruncatedJson() {
        vendor.wm.stubFor(WireMock.get(urlPathMatching("/transform/v1/jobs/.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"13cc2d50-4470-11f1-abaa-a9921bf464d3\",\"status\":\"RU")));
    }

    @Override
    public EnqueueRequest validEnqueueRequest() {
        return new EnqueueRequest(TransformJobs.WORKFLOW_ID, Map.of("siloEntryId", TransformJobs.SILO_ENTRY_ID));
    }

    @Override
    public EnqueueRequest invalidEnqueueRequest() {
        return new EnqueueRequest(TransformJobs.WORKFLOW_ID, Map.of("key", "inv-2026-000123"));
    }

    @Override
    public String invalidEnqueueParameter() {
        return "params.siloEntryId";
    }

    @Override
    public int vendorRequestCount() {
        return vendor.requestCount();
    }

    @Override
    public String validWebhookSecret() {
        return "whk-" + UUID.nameUUIDFromBytes("contract".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String malformedWebhookSecret() {
        return "too-short";
    }

    @Override
    public WebhookDelivery authenticWebhookAbout(String externalId, String secret, Instant now) {
        return InvopopWebhookDeliveries.about(externalId, "Bearer " + secret);
    }

    @Override
    public WebhookDelivery forgedWebhookAbout(String externalId, String secret, Instant now) {
        return InvopopWebhookDeliveries.about(externalId, "Bearer " + secret + "-but-not-quite");
    }
}
