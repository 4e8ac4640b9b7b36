package dev.jobtower.adapters.anon;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.Unsupported;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.anon.AnonFixtures.aJob;
import static dev.jobtower.adapters.anon.AnonFixtures.aJobRun;
import static dev.jobtower.adapters.anon.AnonFixtures.aWorkflowRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tracking a run or a job, discovering the runs of watched jobs, and starting runs. */
class AnonTrackDiscoverEnqueueTest {
    private static AnonVendor anon;
    private ProviderAccount account;

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
        account = anon.newAccount();
    }

    private static List<String> ids(List<VendorJob> jobs) {
        return jobs.stream().map(VendorJob::externalId).toList();
    }

    // ---- track ----------------------------------------------------------------------------------

    @Test
    void tracking_a_run_id_returns_that_run_and_watches_nothing() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("COMPLETED");
        anon.jobWithWorkflows(job).jobRun(run);

        TrackOutcome outcome = anon.provider.track(account, run.id);

        assertEquals(List.of(run.id), ids(outcome.jobs()));
        assertNull(outcome.watchedId());
        assertEquals(0, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/job-runs"))), "no listing for a run id");
    }

    @ParameterizedTest(name = "list envelope \"{0}\"")
    @ValueSource(strings = {"", "data", "items"})
    void tracking_a_job_id_returns_all_its_runs_newest_first_and_watches_the_job(String envelope) {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder oldest = aJobRun().of(job).status("COMPLETED").createdAt("2026-02-01T00:00:00Z");
        AnonFixtures.JobRunBuilder newest = aJobRun().of(job).status("IN_PROGRESS").createdAt("2026-02-11T00:00:00Z")
                .embedWorkflowRuns().workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("AWAITING_USER_INPUT"));
        AnonFixtures.JobRunBuilder middle = aJobRun().of(job).status("FAILED").createdAt("2026-02-05T00:00:00Z")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("FAILED"));
        anon.jobWithWorkflows(job).runsOfJob(job.id, envelope, List.of(oldest, newest, middle));

        TrackOutcome outcome = anon.provider.track(account, job.id);

        assertEquals(job.id, outcome.watchedId());
        assertEquals(List.of(newest.id, middle.id, oldest.id), ids(outcome.jobs()));
        assertEquals(List.of(JobStatus.WAITING, JobStatus.FAILED, JobStatus.SUCCEEDED),
                outcome.jobs().stream().map(VendorJob::status).toList());
        assertTrue(outcome.jobs().stream().allMatch(j -> job.id.equals(j.type()) && job.name.equals(j.name())));
    }

    @Test
    void tracking_a_job_without_runs_watches_it_with_no_jobs() {
        AnonFixtures.JobBuilder job = aJob();
        anon.jobWithWorkflows(job).runsOfJob(job.id, "data", List.of());

        assertEquals(new TrackOutcome(List.of(), job.id), anon.provider.track(account, job.id));
    }

    @Test
    void tracking_an_id_that_is_neither_a_run_nor_a_job_is_VendorNotFound() {
        String id = AnonFixtures.newId();

        assertThrows(VendorNotFound.class, () -> anon.provider.track(account, id));

        assertEquals(1, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/job-runs/" + id))));
        assertEquals(1, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/jobs/" + id))));
    }

    @Test
    void tracking_does_not_fall_back_to_a_job_when_the_run_read_failed() {
        String id = AnonFixtures.newId();
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/job-runs/" + id)).willReturn(aResponse().withStatus(502)));

        assertEquals(FailureCategory.HTTP_5XX,
                assertThrows(VendorUnavailable.class, () -> anon.provider.track(account, id)).category());
        assertEquals(0, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/jobs/" + id))));
    }

    // ---- discover -------------------------------------------------------------------------------

    @Test
    void discovery_lists_the_runs_of_watched_jobs_since_the_look_back_newest_first() {
        AnonFixtures.JobBuilder payroll = aJob();
        AnonFixtures.JobBuilder ledger = aJob().name("QuickBooks ledger");
        AnonFixtures.JobRunBuilder tooOld = aJobRun().of(payroll).status("COMPLETED").createdAt("2026-01-01T00:00:00Z");
        AnonFixtures.JobRunBuilder p1 = aJobRun().of(payroll).status("COMPLETED").createdAt("2026-02-02T00:00:00Z");
        AnonFixtures.JobRunBuilder p2 = aJobRun().of(payroll).status("IN_PROGRESS").createdAt("2026-02-04T00:00:00Z");
        AnonFixtures.JobRunBuilder l1 = aJobRun().of(ledger).status("PENDING").createdAt("2026-02-03T00:00:00Z");
        anon.jobWithWorkflows(payroll).jobWithWorkflows(ledger)
                .runsOfJob(payroll.id, "", List.of(tooOld, p1, p2))
                .runsOfJob(ledger.id, "items", List.of(l1));
        DiscoveryScope scope = new DiscoveryScope(Instant.parse("2026-02-01T00:00:00Z"), Set.of(payroll.id, ledger.id), 100);

        List<VendorJob> found = anon.provider.discover(account, scope);

        assertEquals(List.of(p2.id, l1.id, p1.id), ids(found));
        assertEquals("QuickBooks ledger", found.get(1).name());
        assertEquals(ledger.id, found.get(1).attributes().get("jobId"));
    }

    @Test
    void discovery_returns_at_most_maxJobs_and_reads_the_details_of_those_only() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder a = aJobRun().of(job).createdAt("2026-02-02T00:00:00Z");
        AnonFixtures.JobRunBuilder b = aJobRun().of(job).createdAt("2026-02-03T00:00:00Z");
        AnonFixtures.JobRunBuilder c = aJobRun().of(job).createdAt("2026-02-04T00:00:00Z");
        anon.jobWithWorkflows(job).runsOfJob(job.id, "data", List.of(a, b, c));

        List<VendorJob> found = anon.provider.discover(account,
                new DiscoveryScope(Instant.parse("2026-01-01T00:00:00Z"), Set.of(job.id), 2));

        assertEquals(List.of(c.id, b.id), ids(found));
        assertEquals(2, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/workflow-runs"))));
    }

    @Test
    void discovery_skips_watched_jobs_that_are_gone() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).createdAt("2026-02-02T00:00:00Z");
        anon.jobWithWorkflows(job).runsOfJob(job.id, "", List.of(run));

        List<VendorJob> found = anon.provider.discover(account, new DiscoveryScope(
                Instant.parse("2026-01-01T00:00:00Z"), Set.of(job.id, AnonFixtures.newId(), "not-an-id"), 10));

        assertEquals(List.of(run.id), ids(found));
    }

    @Test
    void discovery_without_watched_jobs_is_Unsupported() {
        assertThrows(Unsupported.class, () -> anon.provider.discover(account,
                new DiscoveryScope(Instant.parse("2026-01-01T00:00:00Z"), Set.of(), 10)));
        assertEquals(0, anon.requestCount());
    }

    // ---- enqueue --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "gusto-payroll", "6f1c2d3e-4a5b-4c6d-8e7f"})
    void the_type_must_be_an_anon_job_id(String type) {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class,
                () -> anon.provider.validateEnqueue(new EnqueueRequest(type, Map.of())));
        assertEquals("type", e.parameter());
    }

    @Test
    void a_run_takes_no_params() {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class, () -> anon.provider.validateEnqueue(
                new EnqueueRequest(AnonFixtures.newId(), Map.of("individualId", "x"))));
        assertEquals("params.individualId", e.parameter());
    }

    @Test
    void enqueue_starts_a_run_of_the_job_and_shows_its_plan_without_reading_anything_after_the_start() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder started = aJobRun().of(job).status("PENDING").createdAt("2026-02-11T09:00:00Z");
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs")).withRequestBody(equalToJson("{\"jobId\":\"" + job.id + "\"}"))
                .willReturn(AnonVendor.json(201, started.toJson())));

        EnqueueOutcome outcome = anon.provider.enqueue(account, new EnqueueRequest(job.id, Map.of()), Optional.empty());

        VendorJob copy = outcome.job();
        assertFalse(outcome.deduplicated());
        assertEquals(started.id, copy.externalId());
        assertEquals(JobStatus.QUEUED, copy.status());
        assertEquals("PENDING", copy.vendorStatus());
        assertEquals(job.id, copy.type());
        assertEquals(job.name, copy.name());
        assertEquals(job.order, copy.steps().stream().map(Step::id).toList());
        assertEquals("Workflow " + job.order.get(1).substring(0, 8), copy.steps().get(1).name());
        assertEquals(0, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/workflow-runs"))));
        assertEquals(0, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/job-runs/" + started.id))));
        assertEquals(1, anon.requests(postRequestedFor(urlPathEqualTo("/api/v2/job-runs"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + AnonVendor.TOKEN))
                .withHeader("Content-Type", WireMock.containing("application/json"))));
    }

    @Test
    void a_start_answered_with_only_an_id_is_a_QUEUED_run() {
        AnonFixtures.JobBuilder job = aJob();
        String runId = AnonFixtures.newId();
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs")).willReturn(AnonVendor.json(200, "{\"id\":\"" + runId + "\"}")));

        VendorJob copy = anon.provider.enqueue(account, new EnqueueRequest(job.id, Map.of()), Optional.empty()).job();

        assertEquals(runId, copy.externalId());
        assertEquals(JobStatus.QUEUED, copy.status());
        assertNull(copy.vendorStatus());
        assertEquals(job.id, copy.type());
        assertEquals(2, copy.steps().size());
    }

    @Test
    void a_start_answered_with_an_unreadable_body_uses_the_location_of_the_run() {
        AnonFixtures.JobBuilder job = aJob();
        String runId = AnonFixtures.newId();
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", "/api/v2/job-runs/" + runId).withBody("Created")));

        VendorJob copy = anon.provider.enqueue(account, new EnqueueRequest(job.id, Map.of()), Optional.empty()).job();

        assertEquals(runId, copy.externalId());
        assertEquals(JobStatus.QUEUED, copy.status());
    }

    @Test
    void a_start_answered_without_any_id_is_MALFORMED() {
        AnonFixtures.JobBuilder job = aJob();
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs")).willReturn(AnonVendor.json(201, "{\"status\":\"PENDING\"")));

        VendorUnavailable e = assertThrows(VendorUnavailable.class,
                () -> anon.provider.enqueue(account, new EnqueueRequest(job.id, Map.of()), Optional.empty()));

        assertEquals(FailureCategory.MALFORMED, e.category());
    }

    @Test
    void starting_a_job_anon_does_not_have_is_VendorNotFound_and_starts_nothing() {
        String jobId = AnonFixtures.newId();

        assertThrows(VendorNotFound.class,
                () -> anon.provider.enqueue(account, new EnqueueRequest(jobId, Map.of()), Optional.empty()));

        assertEquals(0, anon.requests(postRequestedFor(urlPathEqualTo("/api/v2/job-runs"))));
    }

    @Test
    void a_throttled_start_is_VendorRateLimited() {
        AnonFixtures.JobBuilder job = aJob();
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        Instant before = Instant.now();

        VendorRateLimited e = assertThrows(VendorRateLimited.class,
                () -> anon.provider.enqueue(account, new EnqueueRequest(job.id, Map.of()), Optional.empty()));

        assertFalse(e.retryAt().isBefore(before.plusSeconds(120)));
    }

    @Test
    void a_refused_start_is_VendorRejected() {
        AnonFixtures.JobBuilder job = aJob();
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs")).willReturn(
                AnonVendor.json(409, "{\"error\":{\"code\":\"RUN_IN_PROGRESS\",\"message\":\"A run of this job is in progress\"}}")));

        VendorRejected e = assertThrows(VendorRejected.class,
                () -> anon.provider.enqueue(account, new EnqueueRequest(job.id, Map.of()), Optional.empty()));

        assertEquals(409, e.vendorStatusCode());
        assertEquals("RUN_IN_PROGRESS", e.vendorCode());
        assertEquals("A run of this job is in progress", e.vendorMessage());
    }
}
