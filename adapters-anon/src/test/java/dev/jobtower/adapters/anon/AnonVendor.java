package dev.jobtower.adapters.anon;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.ProviderAccount;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * anon, stubbed at the HTTP level by WireMock, and an {@link AnonJobProvider} pointed at it in a
 * Micronaut context. One per test class; {@link #reset()} between tests.
 */
final class AnonVendor implements AutoCloseable {
    static final String TOKEN = "anon_test_key_0123456789";

    final WireMockServer wm;
    final ApplicationContext context;
    final AnonJobProvider provider;
    final ProviderAccount account = new ProviderAccount(new ConnectionId(UUID.randomUUID()), TOKEN, null);

    AnonVendor() {
        this(Map.of());
    }

    AnonVendor(Map<String, Object> extraProperties) {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wm.start();
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.http.services.anon.url", wm.baseUrl());
        properties.put("micronaut.http.services.anon.read-timeout", "10s");
        properties.putAll(extraProperties);
        context = ApplicationContext.run(properties);
        provider = context.getBean(AnonJobProvider.class);
    }

    void reset() {
        wm.resetAll();
    }

    /** A connection of its own, so nothing cached for another test's connection is reused. */
    ProviderAccount newAccount() {
        return new ProviderAccount(new ConnectionId(UUID.randomUUID()), TOKEN, null);
    }

    void stub(MappingBuilder mapping) {
        wm.stubFor(mapping);
    }

    AnonVendor job(AnonFixtures.JobBuilder job) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/api/v2/jobs/" + job.id)).willReturn(okJson(job.toJson())));
        return this;
    }

    AnonVendor workflow(AnonFixtures.WorkflowBuilder workflow) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/api/v2/workflows/" + workflow.id)).willReturn(okJson(workflow.toJson())));
        return this;
    }

    /** The run at {@code GET /job-runs/{id}}, and its workflow runs at the list endpoint unless embedded. */
    AnonVendor jobRun(AnonFixtures.JobRunBuilder run) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/api/v2/job-runs/" + run.id)).willReturn(okJson(run.toJson())));
        if (!run.embed) {
            workflowRunsOf(run.id, Json.write(run.workflowRunMaps()));
        }
        return this;
    }

    AnonVendor workflowRunsOf(String runId, String body) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/api/v2/workflow-runs")).withQueryParam("jobRunId", equalTo(runId))
                .willReturn(okJson(body)));
        return this;
    }

    /** The runs of a job at {@code GET /job-runs?jobId=}, in the envelope given ("" for a bare array). */
    AnonVendor runsOfJob(String jobId, String envelope, List<AnonFixtures.JobRunBuilder> runs) {
        List<Map<String, Object>> items = runs.stream().map(AnonFixtures.JobRunBuilder::toMap).toList();
        String body = envelope.isEmpty() ? Json.write(items) : Json.write(Map.of(envelope, items));
        wm.stubFor(WireMock.get(urlPathEqualTo("/api/v2/job-runs")).withQueryParam("jobId", equalTo(jobId))
                .willReturn(okJson(body)));
        for (AnonFixtures.JobRunBuilder run : runs) {
            if (!run.embed) {
                workflowRunsOf(run.id, Json.write(run.workflowRunMaps()));
            }
        }
        return this;
    }

    /** A job with its workflows (all {@code USER_DEFINED} unless given) stubbed. */
    AnonVendor jobWithWorkflows(AnonFixtures.JobBuilder job) {
        job(job);
        for (String workflowId : job.order) {
            workflow(AnonFixtures.aWorkflow().id(workflowId).name("Workflow " + workflowId.substring(0, 8)));
        }
        return this;
    }

    void answerEverything(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        wm.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(1).willReturn(response));
    }

    int requests(RequestPatternBuilder pattern) {
        return wm.countRequestsMatching(pattern.build()).getCount();
    }

    int requestCount() {
        return wm.getAllServeEvents().size();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        context.close();
        wm.stop();
    }
}
