package dev.jobtower.adapters.anon;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.TrackOutcome;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.anon.AnonFixtures.aJob;
import static dev.jobtower.adapters.anon.AnonFixtures.aJobRun;
import static dev.jobtower.adapters.anon.AnonFixtures.aWorkflow;
import static dev.jobtower.adapters.anon.AnonFixtures.aWorkflowRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every assumed anon path can be corrected by configuration ({@code jobtower.anon.paths.*}). */
class AnonSettingsTest {

    @Test
    void the_defaults_are_the_documented_and_assumed_v2_paths() {
        AnonSettings defaults = AnonSettings.defaults();
        assertEquals("/api/v2/jobs/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", defaults.jobUri("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"));
        assertEquals("/api/v2/job-runs/r", defaults.jobRunUri("r"));
        assertEquals("/api/v2/job-runs?jobId=j", defaults.jobRunsOfJobUri("j"));
        assertEquals("/api/v2/job-runs", defaults.startJobRunUri());
        assertEquals("/api/v2/workflows/w", defaults.workflowUri("w"));
        assertEquals("/api/v2/workflow-runs?jobRunId=r", defaults.workflowRunsOfJobRunUri("r"));
        assertEquals(Duration.ofMinutes(10), defaults.cacheTtl());
        assertEquals("/api/v2/jobs/a%2F..%3Fx%3D1", defaults.jobUri("a/..?x=1"), "values are encoded");
    }

    @Test
    void configured_paths_are_used_for_every_call() {
        try (AnonVendor anon = new AnonVendor(Map.of(
                "jobtower.anon.paths.job", "/v3/jobs/{jobId}",
                "jobtower.anon.paths.job-run", "/v3/runs/{jobRunId}",
                "jobtower.anon.paths.job-runs-of-job", "/v3/jobs/{jobId}/runs",
                "jobtower.anon.paths.start-job-run", "/v3/runs",
                "jobtower.anon.paths.workflow", "/v3/workflows/{workflowId}",
                "jobtower.anon.paths.workflow-runs-of-job-run", "/v3/runs/{jobRunId}/workflow-runs",
                "jobtower.anon.cache-ttl", "0s"))) {
            AnonFixtures.JobBuilder job = aJob().workflows(AnonFixtures.newId());
            AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("IN_PROGRESS")
                    .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("AWAITING_USER_INPUT"));
            anon.stub(WireMock.get(urlPathEqualTo("/v3/jobs/" + job.id)).willReturn(okJson(job.toJson())));
            anon.stub(WireMock.get(urlPathEqualTo("/v3/workflows/" + job.order.get(0)))
                    .willReturn(okJson(aWorkflow().id(job.order.get(0)).login().toJson())));
            anon.stub(WireMock.get(urlPathEqualTo("/v3/runs/" + run.id)).willReturn(okJson(run.toJson())));
            anon.stub(WireMock.get(urlPathEqualTo("/v3/runs/" + run.id + "/workflow-runs"))
                    .willReturn(okJson(Json.write(Map.of("items", run.workflowRunMaps())))));
            anon.stub(WireMock.get(urlPathEqualTo("/v3/jobs/" + job.id + "/runs")).willReturn(okJson(Json.write(List.of(run.toMap())))));
            anon.stub(WireMock.post(urlPathEqualTo("/v3/runs")).willReturn(okJson(aJobRun().of(job).status("PENDING").toJson())));

            assertEquals(JobStatus.WAITING, anon.provider.fetch(anon.account, run.id).status());
            TrackOutcome tracked = anon.provider.track(anon.account, job.id);
            assertEquals(job.id, tracked.watchedId());
            assertEquals(1, tracked.jobs().size());
            assertEquals(JobStatus.QUEUED, anon.provider.enqueue(anon.account, new EnqueueRequest(job.id, Map.of()),
                    Optional.empty()).job().status());

            assertEquals(0, anon.requests(getRequestedFor(WireMock.urlPathMatching("/api/.*"))));
            assertTrue(anon.requests(getRequestedFor(urlPathEqualTo("/v3/jobs/" + job.id))) >= 3,
                    "a zero time-to-live reads the job every time");
            assertEquals(anon.requestCount(), anon.requests(WireMock.anyRequestedFor(WireMock.anyUrl())
                    .withHeader("Authorization", equalTo("Bearer " + AnonVendor.TOKEN))));
        }
    }

    @Test
    void a_path_without_its_parameter_stops_the_application_from_starting() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.http.services.anon.url", "http://127.0.0.1:9",
                "jobtower.anon.paths.job-run", "/api/v2/job-runs/current"))) {
            BeanInstantiationException e = assertThrows(BeanInstantiationException.class,
                    () -> context.getBean(AnonJobProvider.class));
            assertTrue(e.getMessage().contains("jobtower.anon.paths.job-run must contain {jobRunId}"), e.getMessage());
        }
    }
}
