package dev.jobtower.adapters.invopop;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.adapters.invopop.wire.TransformJobCollection;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.ProviderAccount;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Invopop at the HTTP level for tests: a WireMock server holding jobs, and an {@link InvopopJobProvider} in a
 * Micronaut context pointed at it (as the app wires it: {@code micronaut.http.services.invopop.url}).
 */
final class InvopopVendor implements AutoCloseable {
    static final String TOKEN = "test-workspace-token";

    final WireMockServer wm;
    final ApplicationContext ctx;
    final InvopopJobProvider provider;
    final JsonMapper json;
    /** A new connection on each {@link #reset}, so the provider's per-connection workflow-name cache starts empty. */
    ProviderAccount account;
    private final List<TransformJob> listed = new ArrayList<>();

    private InvopopVendor(String readTimeout, Map<String, Object> extra) {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                "micronaut.http.services.invopop.url", wm.baseUrl(),
                "micronaut.http.services.invopop.read-timeout", readTimeout));
        config.putAll(extra);
        ctx = ApplicationContext.run(config);
        provider = ctx.getBean(InvopopJobProvider.class);
        json = ctx.getBean(JsonMapper.class);
        reset();
    }

    static InvopopVendor start() {
        return new InvopopVendor("2s", Map.of());
    }

    static InvopopVendor start(String readTimeout, Map<String, Object> extra) {
        return new InvopopVendor(readTimeout, extra);
    }

    /** Forgets every job and failure; the workflow is known and unknown jobs answer 404. */
    void reset() {
        account = new ProviderAccount(new ConnectionId(UUID.randomUUID()), TOKEN, null);
        wm.resetAll();
        listed.clear();
        wm.stubFor(WireMock.get(urlPathMatching("/transform/v1/jobs/.+")).atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"not_found\",\"message\":\"job not found\"}")));
        wm.stubFor(WireMock.get(urlPathMatching("/transform/v1/workflows/.+")).atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"workflow not found\"}")));
        givenWorkflow(TransformJobs.WORKFLOW_ID, TransformJobs.WORKFLOW_NAME);
        stubList();
    }

    void givenWorkflow(String id, String name) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/workflows/" + id)).atPriority(5)
                .willReturn(okJson(TransformJobs.json(json, TransformJobs.aWorkflow(id, name)))));
    }

    /** Makes the vendor hold the job (readable by id, and by key when it has one) and list it. */
    String givenJob(TransformJob job) {
        stubJobBody(job.id(), TransformJobs.json(json, job));
        if (job.key() != null) {
            wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs/key/" + job.key())).atPriority(5)
                    .willReturn(okJson(TransformJobs.json(json, job))));
        }
        listed.add(0, job);
        stubList();
        return job.id();
    }

    void stubJobBody(String id, String body) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs/" + id)).atPriority(5).willReturn(okJson(body)));
    }

    /** One page holding every job given so far, newest first, as summaries. */
    private void stubList() {
        List<TransformJob> summaries = listed.stream().map(InvopopVendor::summary).toList();
        wm.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs")).atPriority(5)
                .willReturn(okJson(TransformJobs.json(json, new TransformJobCollection(summaries, null, 100, null, null)))));
    }

    /** What the list shows of a job (the doc example): ids, timestamps and status, no intents. */
    static TransformJob summary(TransformJob j) {
        return new TransformJob(j.id(), j.createdAt(), j.updatedAt(), j.completedAt(), j.workflowId(), j.siloEntryId(),
                null, j.status(), null, null, null, null, null, null);
    }

    int requestCount() {
        return wm.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount();
    }

    @Override
    public void close() {
        ctx.close();
        wm.stop();
    }
}
