package dev.jobtower.adapters.anon;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.anon.AnonFixtures.aJob;
import static dev.jobtower.adapters.anon.AnonFixtures.aJobRun;
import static dev.jobtower.adapters.anon.AnonFixtures.aWorkflow;
import static dev.jobtower.adapters.anon.AnonFixtures.aWorkflowRun;
import static dev.jobtower.adapters.anon.AnonFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading anon job runs: fixtures for every status, the plan as steps, and every way a read can fail. */
class AnonJobProviderTest {
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

    private VendorJob fetch(String runId) {
        return anon.provider.fetch(account, runId);
    }

    // ---- statuses -------------------------------------------------------------------------------

    @ParameterizedTest(name = "job run {0} -> {2} {3}")
    @CsvSource(nullValues = "-", value = {
            "PENDING,     -,           QUEUED,    -",
            "IN_PROGRESS, IN_PROGRESS, RUNNING,   -",
            "COMPLETED,   COMPLETED,   SUCCEEDED, -",
            "FAILED,      FAILED,      FAILED,    VENDOR_ERROR",
            "ARCHIVED,    COMPLETED,   UNKNOWN,   -",
    })
    void each_job_run_status(String runWord, String workflowWord, JobStatus status, StatusReason reason) {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status(runWord);
        if (workflowWord != null) {
            run.workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status(workflowWord));
        }
        anon.jobWithWorkflows(job).jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals(status, copy.status());
        assertEquals(reason, copy.statusReason());
        assertEquals(runWord, copy.vendorStatus());
        assertEquals(run.id, copy.externalId());
        assertEquals(job.id, copy.type());
        assertEquals(job.name, copy.name());
    }

    @ParameterizedTest(name = "workflow run {0} -> step {1}")
    @CsvSource({
            "PENDING,                        QUEUED",
            "IN_PROGRESS,                    RUNNING",
            "AWAITING_USER_INPUT,            WAITING",
            "COMPLETED,                      SUCCEEDED",
            "COMPLETED_WITH_NO_ACTION_TAKEN, SUCCEEDED",
            "FAILED,                         FAILED",
            "RETRYING_LATER,                 UNKNOWN",
    })
    void each_workflow_run_status_is_a_step_status(String word, JobStatus stepStatus) {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("IN_PROGRESS")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status(word).currentStateName("state_" + word));
        anon.jobWithWorkflows(job).jobRun(run);

        Step step = fetch(run.id).steps().get(0);

        assertEquals(stepStatus, step.status());
        assertEquals(word, step.vendorStatus());
        assertEquals(job.order.get(0), step.id());
        assertEquals(1, step.events().size());
        assertEquals(word, step.events().get(0).status());
        assertEquals("state_" + word, step.events().get(0).message());
    }

    @Test
    void a_run_awaiting_mfa_is_WAITING_for_user_input() {
        String definition = fixture("job-definition-never-edited.json");
        String awaitingMfa = fixture("workflow-run-awaiting-mfa.json");
        String jobId = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
        String runId = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/jobs/" + jobId)).willReturn(okJson(definition)));
        anon.workflow(aWorkflow().id("550e8400-e29b-41d4-a716-446655440000").login());
        anon.workflow(aWorkflow().id("661f9511-f3ac-42e5-b827-557766551111").name("Export payroll journal"));
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/job-runs/" + runId)).willReturn(okJson(
                fixture("job-run-failed.json").replace("\"FAILED\"", "\"IN_PROGRESS\""))));
        anon.workflowRunsOf(runId, "[" + awaitingMfa + "]");

        VendorJob copy = fetch(runId);

        assertEquals(JobStatus.WAITING, copy.status());
        assertEquals(StatusReason.USER_INPUT_REQUIRED, copy.statusReason());
        assertEquals("IN_PROGRESS", copy.vendorStatus());
        Step login = copy.steps().get(0);
        assertEquals("Log in to Gusto", login.name());
        assertEquals(JobStatus.WAITING, login.status());
        assertEquals("enter_mfa_code", login.events().get(0).message());
        assertEquals(Instant.parse("2026-02-11T08:00:03Z"), login.startedAt());
        assertNull(login.completedAt());
        assertEquals(JobStatus.QUEUED, copy.steps().get(1).status(), "the export has not run yet");
        assertNull(copy.completedAt());
        assertEquals(Instant.parse("2026-02-11T08:04:12Z"), copy.vendorUpdatedAt());
    }

    @Test
    void a_never_edited_job_names_the_run_and_fills_the_attributes() {
        String jobId = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/jobs/" + jobId))
                .willReturn(okJson(fixture("job-definition-never-edited.json"))));
        AnonFixtures.JobRunBuilder run = aJobRun().jobId(jobId).status("PENDING").snapshot(null);
        anon.jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals("Gusto payroll journal export", copy.name());
        assertEquals(jobId, copy.type());
        assertEquals(Map.of("sourceProvider", "gusto", "organizationId", AnonFixtures.ORGANIZATION_ID, "jobId", jobId),
                copy.attributes());
        assertEquals(List.of("550e8400-e29b-41d4-a716-446655440000", "661f9511-f3ac-42e5-b827-557766551111"),
                copy.steps().stream().map(Step::id).toList(), "without a snapshot the job's own order is the plan");
        assertTrue(copy.steps().stream().allMatch(s -> s.status() == JobStatus.QUEUED));
        assertTrue(copy.steps().stream().allMatch(s -> s.name() == null), "workflows anon does not know have no name");
    }

    @Test
    void a_run_partly_done_shows_the_whole_plan_with_later_steps_QUEUED() {
        AnonFixtures.JobBuilder job = aJob().workflows(AnonFixtures.newId(), AnonFixtures.newId(), AnonFixtures.newId());
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("IN_PROGRESS").updatedAt("2026-02-11T08:02:00Z")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("COMPLETED")
                        .createdAt("2026-02-11T08:00:01Z").completedAt("2026-02-11T08:01:00Z").updatedAt("2026-02-11T08:01:00Z"))
                .workflowRun(aWorkflowRun().workflowId(job.order.get(1)).status("IN_PROGRESS")
                        .createdAt("2026-02-11T08:01:01Z").updatedAt("2026-02-11T08:03:30Z").currentStateName("download_report"));
        anon.jobWithWorkflows(job).jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals(JobStatus.RUNNING, copy.status());
        assertEquals(job.order, copy.steps().stream().map(Step::id).toList());
        assertEquals(List.of(JobStatus.SUCCEEDED, JobStatus.RUNNING, JobStatus.QUEUED),
                copy.steps().stream().map(Step::status).toList());
        assertEquals("Workflow " + job.order.get(2).substring(0, 8), copy.steps().get(2).name());
        assertNull(copy.steps().get(2).vendorStatus());
        assertEquals(Instant.parse("2026-02-11T08:00:01Z"), copy.steps().get(0).startedAt());
        assertEquals(Instant.parse("2026-02-11T08:01:00Z"), copy.steps().get(0).completedAt());
        assertEquals(Instant.parse("2026-02-11T08:00:01Z"), copy.startedAt(), "the run started with its first workflow");
        assertEquals(Instant.parse("2026-02-11T08:03:30Z"), copy.vendorUpdatedAt(), "the latest of run and workflow runs");
        assertEquals(Instant.parse("2026-02-11T08:00:00Z"), copy.createdAt());
    }

    @Test
    void a_run_failed_in_a_login_workflow_is_an_AUTH_ERROR() {
        String jobId = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
        String runId = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
        String login = "550e8400-e29b-41d4-a716-446655440000";
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/jobs/" + jobId))
                .willReturn(okJson(fixture("job-definition-never-edited.json"))));
        anon.workflow(aWorkflow().id(login).login());
        anon.workflow(aWorkflow().id("661f9511-f3ac-42e5-b827-557766551111"));
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/job-runs/" + runId)).willReturn(okJson(fixture("job-run-failed.json"))));
        anon.workflowRunsOf(runId, Json.write(List.of(aWorkflowRun().workflowId(login).jobRunId(runId).status("FAILED")
                .completedAt("2026-02-11T08:04:10Z").currentStateName("login_rejected").toMap())));

        VendorJob copy = fetch(runId);

        assertEquals(JobStatus.FAILED, copy.status());
        assertEquals(StatusReason.AUTH_ERROR, copy.statusReason());
        assertEquals("FAILED", copy.vendorStatus());
        assertEquals(Instant.parse("2026-02-11T08:04:10Z"), copy.completedAt());
        assertEquals(JobStatus.FAILED, copy.steps().get(0).status());
        assertEquals(JobStatus.CANCELLED, copy.steps().get(1).status(), "execution stopped before the second workflow");
    }

    @Test
    void a_run_failed_in_a_user_defined_workflow_is_a_VENDOR_ERROR() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("FAILED")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("COMPLETED"))
                .workflowRun(aWorkflowRun().workflowId(job.order.get(1)).status("FAILED").createdAt("2026-02-11T08:02:00Z"));
        anon.job(job).workflow(aWorkflow().id(job.order.get(0)).login()).workflow(aWorkflow().id(job.order.get(1))).jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals(StatusReason.VENDOR_ERROR, copy.statusReason());
        assertEquals(List.of(JobStatus.SUCCEEDED, JobStatus.FAILED), copy.steps().stream().map(Step::status).toList());
    }

    @Test
    void a_completed_run_where_no_workflow_acted_is_a_NO_OP() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("COMPLETED").embedWorkflowRuns()
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("COMPLETED_WITH_NO_ACTION_TAKEN"))
                .workflowRun(aWorkflowRun().workflowId(job.order.get(1)).status("COMPLETED_WITH_NO_ACTION_TAKEN")
                        .createdAt("2026-02-11T08:02:00Z"));
        anon.jobWithWorkflows(job).jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals(JobStatus.SUCCEEDED, copy.status());
        assertEquals(StatusReason.NO_OP, copy.statusReason());
        assertEquals(List.of(JobStatus.SUCCEEDED, JobStatus.SUCCEEDED), copy.steps().stream().map(Step::status).toList());
    }

    @Test
    void unknown_words_are_UNKNOWN_and_kept() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("PAUSED_BY_ADMIN")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("HIBERNATING"));
        anon.jobWithWorkflows(job).jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals(JobStatus.UNKNOWN, copy.status());
        assertEquals("PAUSED_BY_ADMIN", copy.vendorStatus());
        assertEquals(JobStatus.UNKNOWN, copy.steps().get(0).status());
        assertEquals("HIBERNATING", copy.steps().get(0).vendorStatus());
        assertEquals(JobStatus.QUEUED, copy.steps().get(1).status(), "a run in an unknown state is not taken as ended");
    }

    @Test
    void workflow_runs_outside_the_plan_follow_it_and_a_repeated_workflow_gets_its_own_run() {
        String workflow = AnonFixtures.newId();
        AnonFixtures.JobBuilder job = aJob().workflows(workflow, workflow);
        String stray = AnonFixtures.newId();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("IN_PROGRESS")
                .workflowRun(aWorkflowRun().workflowId(workflow).status("IN_PROGRESS").createdAt("2026-02-11T08:05:00Z"))
                .workflowRun(aWorkflowRun().workflowId(stray).status("COMPLETED").createdAt("2026-02-11T08:00:30Z"))
                .workflowRun(aWorkflowRun().workflowId(workflow).status("COMPLETED").createdAt("2026-02-11T08:01:00Z"));
        anon.jobWithWorkflows(job).jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals(List.of(workflow, workflow, stray), copy.steps().stream().map(Step::id).toList());
        assertEquals(List.of(JobStatus.SUCCEEDED, JobStatus.RUNNING, JobStatus.SUCCEEDED),
                copy.steps().stream().map(Step::status).toList());
        assertNull(copy.steps().get(2).name(), "anon has no workflow " + stray);
    }

    @Test
    void unparseable_timestamps_are_absent() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("COMPLETED").createdAt("string").updatedAt("2026-13-45")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).createdAt("yesterday").updatedAt(null)
                        .completedAt("2026-02-11T08:00:00"));
        anon.jobWithWorkflows(job).jobRun(run);

        VendorJob copy = fetch(run.id);

        assertEquals(JobStatus.SUCCEEDED, copy.status());
        assertNull(copy.createdAt());
        assertNull(copy.vendorUpdatedAt());
        assertNull(copy.completedAt());
        assertNull(copy.steps().get(0).startedAt());
        assertNull(copy.steps().get(0).completedAt(), "a timestamp without a zone is not guessed");
    }

    @Test
    void the_raw_payload_is_the_run_with_its_workflow_runs() throws IOException {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).status("IN_PROGRESS").with("triggeredBy", "link")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).currentStateName("enter_mfa_code"));
        anon.jobWithWorkflows(job).jobRun(run);
        JsonMapper json = anon.context.getBean(JsonMapper.class);

        JsonNode raw = json.readValue(fetch(run.id).rawPayload(), JsonNode.class);

        assertEquals(run.id, raw.get("id").getStringValue());
        assertEquals("link", raw.get("triggeredBy").getStringValue(), "fields the adapter does not know are kept");
        assertEquals(1, raw.get("workflowRuns").size());
        assertEquals("enter_mfa_code", raw.get("workflowRuns").get(0).get("currentStateName").getStringValue());
    }

    @Test
    void embedded_workflow_runs_need_no_second_request_and_carry_the_same_facts() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder listed = aJobRun().of(job).status("IN_PROGRESS")
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("AWAITING_USER_INPUT"));
        AnonFixtures.JobRunBuilder embedded = aJobRun().of(job).status("IN_PROGRESS").embedWorkflowRuns()
                .workflowRun(aWorkflowRun().workflowId(job.order.get(0)).status("AWAITING_USER_INPUT"));
        anon.jobWithWorkflows(job).jobRun(listed).jobRun(embedded);

        VendorJob fromList = fetch(listed.id);
        VendorJob fromRun = fetch(embedded.id);

        assertEquals(JobStatus.WAITING, fromRun.status());
        assertEquals(fromList.steps().get(0).status(), fromRun.steps().get(0).status());
        assertEquals(1, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/workflow-runs"))),
                "only the run without embedded workflow runs needs the list");
    }

    @Test
    void every_request_carries_the_api_key_as_a_bearer_token() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder run = aJobRun().of(job).workflowRun(aWorkflowRun().workflowId(job.order.get(0)));
        anon.jobWithWorkflows(job).jobRun(run);

        fetch(run.id);

        int all = anon.requestCount();
        assertEquals(5, all, "run, its workflow runs, its job, two workflows");
        assertEquals(all, anon.requests(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + AnonVendor.TOKEN))));
    }

    // ---- the cache ------------------------------------------------------------------------------

    @Test
    void job_definitions_and_workflows_are_read_once_per_connection() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder first = aJobRun().of(job).workflowRun(aWorkflowRun().workflowId(job.order.get(0)));
        AnonFixtures.JobRunBuilder second = aJobRun().of(job).workflowRun(aWorkflowRun().workflowId(job.order.get(0)));
        anon.jobWithWorkflows(job).jobRun(first).jobRun(second);

        fetch(first.id);
        fetch(second.id);
        fetch(first.id);
        anon.provider.fetch(anon.newAccount(), first.id);

        assertEquals(2, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/jobs/" + job.id))), "once per connection");
        assertEquals(2, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/workflows/" + job.order.get(1)))));
        assertEquals(3, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/job-runs/" + first.id))), "runs are never cached");
    }

    @Test
    void a_snapshot_naming_a_workflow_the_cache_lacks_reads_the_job_and_the_workflow_again() {
        AnonFixtures.JobBuilder job = aJob();
        AnonFixtures.JobRunBuilder old = aJobRun().of(job).createdAt("2026-01-01T00:00:00Z");
        anon.jobWithWorkflows(job).jobRun(old);
        fetch(old.id);

        String added = AnonFixtures.newId();
        AnonFixtures.JobBuilder edited = aJob().id(job.id).name("Gusto export, with the ledger")
                .workflows(job.order.get(0), job.order.get(1), added);
        AnonFixtures.JobRunBuilder fresh = aJobRun().of(edited).createdAt(Instant.now().plusSeconds(5).toString());
        anon.jobWithWorkflows(edited).jobRun(fresh);

        VendorJob copy = fetch(fresh.id);

        assertEquals("Gusto export, with the ledger", copy.name());
        assertEquals("Workflow " + added.substring(0, 8), copy.steps().get(2).name());
        assertEquals(2, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/jobs/" + job.id))));
        assertEquals(1, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/workflows/" + job.order.get(0)))));

        fetch(old.id);
        assertEquals(2, anon.requests(getRequestedFor(urlPathEqualTo("/api/v2/jobs/" + job.id))),
                "an older run's snapshot does not force a re-read");
    }

    @Test
    void a_deleted_job_or_workflow_leaves_the_run_readable() {
        AnonFixtures.JobRunBuilder run = aJobRun().status("COMPLETED")
                .workflowRun(aWorkflowRun().status("COMPLETED"));
        anon.jobRun(run); // neither the job nor the workflow exists any more

        VendorJob copy = fetch(run.id);

        assertEquals(JobStatus.SUCCEEDED, copy.status());
        assertEquals(run.jobId, copy.type());
        assertNull(copy.name());
        assertEquals(1, copy.steps().size());
    }

    // ---- failures -------------------------------------------------------------------------------

    @Test
    void an_unknown_run_is_VendorNotFound() {
        assertThrows(VendorNotFound.class, () -> fetch(AnonFixtures.newId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "../jobs/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "6f1c2d3e-4a5b-4c6d-8e7f"})
    void an_id_that_is_not_a_uuid_is_VendorNotFound_without_asking_anon(String id) {
        assertThrows(VendorNotFound.class, () -> fetch(id));
        assertEquals(0, anon.requestCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void server_errors_are_HTTP_5XX(int status) {
        anon.answerEverything(aResponse().withStatus(status).withHeader("Retry-After", "30"));
        Instant before = Instant.now();

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> fetch(AnonFixtures.newId()));

        assertEquals(FailureCategory.HTTP_5XX, e.category());
        assertEquals(status, e.statusCode());
        assertTrue(e.countsAgainstVendor());
        assertFalse(e.retryAfter().isBefore(before.plusSeconds(30)));
    }

    @Test
    void a_server_error_while_reading_the_workflow_runs_fails_the_read() {
        AnonFixtures.JobRunBuilder run = aJobRun();
        anon.jobRun(run);
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/workflow-runs")).atPriority(1).willReturn(aResponse().withStatus(503)));

        assertEquals(FailureCategory.HTTP_5XX, assertThrows(VendorUnavailable.class, () -> fetch(run.id)).category());
    }

    @Test
    void throttled_reads_are_HTTP_429_with_the_time_anon_asked_for() {
        anon.answerEverything(aResponse().withStatus(429).withHeader("Retry-After", "Wed, 11 Feb 2026 08:10:00 GMT"));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> fetch(AnonFixtures.newId()));

        assertEquals(FailureCategory.HTTP_429, e.category());
        assertEquals(429, e.statusCode());
        assertEquals(Instant.parse("2026-02-11T08:10:00Z"), e.retryAfter());
        assertFalse(e.countsAgainstVendor(), "a throttle is not an outage");
    }

    @Test
    void a_refused_key_is_VendorRejected_with_anons_words() {
        anon.answerEverything(AnonVendor.json(401, "{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid API key\"}"));

        VendorRejected e = assertThrows(VendorRejected.class, () -> fetch(AnonFixtures.newId()));

        assertEquals(401, e.vendorStatusCode());
        assertEquals("UNAUTHORIZED", e.vendorCode());
        assertEquals("Invalid API key", e.vendorMessage());
        assertFalse(e.getMessage().contains(AnonVendor.TOKEN));
    }

    @Test
    void a_rejection_without_a_json_body_is_still_VendorRejected() {
        anon.answerEverything(aResponse().withStatus(403).withBody("<html>Forbidden</html>"));

        VendorRejected e = assertThrows(VendorRejected.class, () -> fetch(AnonFixtures.newId()));

        assertEquals(403, e.vendorStatusCode());
        assertNull(e.vendorCode());
        assertNull(e.vendorMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void a_broken_connection_is_CONNECTION(Fault fault) {
        anon.answerEverything(aResponse().withFault(fault));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> fetch(AnonFixtures.newId()));

        assertEquals(FailureCategory.CONNECTION, e.category());
    }

    @Test
    void a_refused_connection_is_CONNECTION() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (io.micronaut.context.ApplicationContext ctx = io.micronaut.context.ApplicationContext.run(Map.of(
                "micronaut.http.services.anon.url", "http://127.0.0.1:" + closedPort,
                "micronaut.http.services.anon.connect-timeout", "1s"))) {
            AnonJobProvider provider = ctx.getBean(AnonJobProvider.class);

            VendorUnavailable e = assertThrows(VendorUnavailable.class,
                    () -> provider.fetch(account, AnonFixtures.newId()));

            assertEquals(FailureCategory.CONNECTION, e.category());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\": \"3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7\", \"status\": \"IN_PR",
            "[1, 2",
            "<html>Bad gateway</html>",
            "\"just a string\"",
            "{\"id\": \"3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7\", \"status\": {\"word\": \"FAILED\"}}",
            "",
    })
    void an_unreadable_run_is_MALFORMED(String body) {
        String runId = AnonFixtures.newId();
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/job-runs/" + runId)).willReturn(okJson(body)));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> fetch(runId));

        assertEquals(FailureCategory.MALFORMED, e.category());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"id\": \"7b8c9d0e", "{\"workflowRuns\": []}", "{\"data\": {\"id\": 1}}"})
    void an_unreadable_workflow_run_list_is_MALFORMED(String body) {
        AnonFixtures.JobRunBuilder run = aJobRun();
        anon.jobRun(run);
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/workflow-runs")).atPriority(1).willReturn(okJson(body)));

        assertEquals(FailureCategory.MALFORMED, assertThrows(VendorUnavailable.class, () -> fetch(run.id)).category());
    }
}
