package dev.jobtower.adapters.anon.demo;

import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import dev.jobtower.domain.vendor.demo.DemoWebhookSender;
import dev.jobtower.domain.vendor.demo.SimulatorDice;
import dev.jobtower.adapters.anon.AnonWebhooks;
import dev.jobtower.adapters.anon.wire.AnonJob;
import dev.jobtower.adapters.anon.wire.AnonJobConfig;
import dev.jobtower.adapters.anon.wire.AnonJobRun;
import dev.jobtower.adapters.anon.wire.AnonJobRunStatus;
import dev.jobtower.adapters.anon.wire.AnonWorkflow;
import dev.jobtower.adapters.anon.wire.AnonWorkflowRun;
import dev.jobtower.adapters.anon.wire.AnonWorkflowRunStatus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.jobtower.domain.vendor.demo.SimulatorDice.nameUuid;
import static dev.jobtower.domain.vendor.demo.SimulatorDice.pick;
import static dev.jobtower.domain.vendor.demo.SimulatorDice.uuid;

/**
 * An in-memory anon (v2) for the demo. Each API key is an organization with three job definitions of two or
 * three workflows (the first a {@code LOGIN}); a job run executes its workflows in order on the clock. Most
 * runs complete; some wait for the end user's MFA code ({@code AWAITING_USER_INPUT}) for a while, some fail
 * in the login, some in a later workflow, and some complete with every workflow
 * {@code COMPLETED_WITH_NO_ACTION_TAKEN}. Changes are announced as Svix-signed webhooks carrying the run as
 * {@code data.object}. A run's life is drawn when it starts and read off the clock afterwards; memory is
 * bounded by {@link Settings#maxAccounts()} and {@link Settings#maxRunsPerAccount()}.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class AnonSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(AnonSimulator.class);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final int MAX_LISTED = 100;

    /** How a run goes. */
    public enum Scenario {
        /** Every workflow completes. */
        SUCCESS,
        /** The login waits for the end user's MFA code for a while, then everything completes. */
        AWAITS_MFA,
        /** The login fails (bad credentials): the run fails, later workflows never run. */
        LOGIN_FAILS,
        /** The last workflow fails after the login worked. */
        WORKFLOW_FAILS,
        /** Every workflow finds nothing to do. */
        NO_ACTION
    }

    /** A duration drawn evenly between {@code from} and {@code to}. */
    public record Span(Duration from, Duration to) {
        Duration draw(Random random) {
            long a = from.toMillis();
            long b = Math.max(a, to.toMillis());
            return Duration.ofMillis(a + (b == a ? 0 : (long) (random.nextDouble() * (b - a))));
        }
    }

    /**
     * How the simulated anon behaves.
     *
     * @param pending   how long a run stays {@code PENDING}
     * @param workflow  how long one workflow runs
     * @param mfaWait   how long a login waits for the end user
     * @param scenarios how runs go, with weights
     */
    public record Settings(Span pending, Span workflow, Span mfaWait, Map<Scenario, Integer> scenarios,
                           int maxAccounts, int maxRunsPerAccount) {
        public Settings {
            scenarios = new LinkedHashMap<>(scenarios);
            if (scenarios.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
                throw new IllegalArgumentException("scenarios need a positive weight");
            }
        }

        public static Settings demo() {
            Map<Scenario, Integer> scenarios = new LinkedHashMap<>();
            scenarios.put(Scenario.SUCCESS, 50);
            scenarios.put(Scenario.AWAITS_MFA, 20);
            scenarios.put(Scenario.LOGIN_FAILS, 10);
            scenarios.put(Scenario.WORKFLOW_FAILS, 8);
            scenarios.put(Scenario.NO_ACTION, 12);
            return new Settings(new Span(Duration.ofSeconds(1), Duration.ofSeconds(3)),
                    new Span(Duration.ofSeconds(3), Duration.ofSeconds(8)),
                    new Span(Duration.ofSeconds(15), Duration.ofSeconds(30)), scenarios, 50, 1_000);
        }

        /** Fixed durations and one scenario: lives a test can time exactly. */
        public static Settings exact(Duration pending, Duration workflow, Duration mfaWait, Scenario scenario) {
            return new Settings(new Span(pending, pending), new Span(workflow, workflow), new Span(mfaWait, mfaWait),
                    Map.of(scenario, 1), 50, 1_000);
        }

        public Settings withMaxRunsPerAccount(int max) {
            return new Settings(pending, workflow, mfaWait, scenarios, maxAccounts, max);
        }
    }

    /** A Svix event as anon sends it: the changed run in {@code data.object}. */
    @Serdeable
    record SvixEvent(String id, String object, String created, String type, Data data) {
        @Serdeable
        record Data(AnonJobRun object) {
        }
    }

    private record Webhook(URI url, String secret) {
    }

    /** One workflow of a run, planned: when it starts, waits, ends, and how. */
    private record Phase(String workflowRunId, AnonWorkflow workflow, Instant startsAt, Instant awaitsFrom,
                         Instant awaitsUntil, Instant endsAt, String outcome) {
        String status(Instant now) {
            if (!now.isBefore(endsAt)) {
                return outcome;
            }
            if (awaitsFrom != null && !now.isBefore(awaitsFrom) && now.isBefore(awaitsUntil)) {
                return AnonWorkflowRunStatus.AWAITING_USER_INPUT;
            }
            return AnonWorkflowRunStatus.IN_PROGRESS;
        }

        String stateName(Instant now) {
            boolean login = AnonWorkflow.LOGIN.equals(workflow.type());
            String status = status(now);
            return switch (status) {
                case AnonWorkflowRunStatus.AWAITING_USER_INPUT -> "enter_mfa_code";
                case AnonWorkflowRunStatus.FAILED -> login ? "invalid_credentials" : "page_not_found";
                case AnonWorkflowRunStatus.COMPLETED_WITH_NO_ACTION_TAKEN -> "nothing_to_do";
                case AnonWorkflowRunStatus.COMPLETED -> "done";
                default -> login ? "submit_credentials" : "extract_data";
            };
        }

        Instant lastChange(Instant now) {
            Instant last = startsAt;
            for (Instant t : new Instant[]{awaitsFrom, awaitsUntil, endsAt}) {
                if (t != null && !now.isBefore(t)) {
                    last = t;
                }
            }
            return last;
        }
    }

    /** A moment worth a webhook. */
    private record Announcement(Instant at, String type) {
    }

    /** One job run, planned whole when it started. */
    private static final class SimulatedRun {
        final String id;
        final AnonJob job;
        final Instant createdAt;
        final Instant startsAt;
        final List<Phase> phases;
        final String outcome;
        final List<Announcement> announcements;
        int announced;

        SimulatedRun(String id, AnonJob job, Instant createdAt, Instant startsAt, List<Phase> phases, String outcome) {
            this.id = id;
            this.job = job;
            this.createdAt = createdAt;
            this.startsAt = startsAt;
            this.phases = phases;
            this.outcome = outcome;
            List<Announcement> moments = new ArrayList<>();
            moments.add(new Announcement(startsAt, "job_run.started"));
            phases.stream().filter(p -> p.awaitsFrom() != null)
                    .forEach(p -> moments.add(new Announcement(p.awaitsFrom(), "workflow_run.awaiting_user_input")));
            moments.add(new Announcement(endsAt(), AnonJobRunStatus.FAILED.equals(outcome)
                    ? "job_run.failed" : "job_run.completed"));
            this.announcements = List.copyOf(moments);
        }

        Instant endsAt() {
            return phases.isEmpty() ? startsAt : phases.get(phases.size() - 1).endsAt();
        }

        AnonJobRun view(Instant now, String organizationId) {
            String status;
            if (now.isBefore(startsAt)) {
                status = AnonJobRunStatus.PENDING;
            } else if (now.isBefore(endsAt())) {
                status = AnonJobRunStatus.IN_PROGRESS;
            } else {
                status = outcome;
            }
            List<AnonWorkflowRun> runs = workflowRuns(now);
            Instant updated = now.isBefore(startsAt) ? createdAt : startsAt;
            for (Phase p : phases) {
                if (!now.isBefore(p.startsAt()) && p.lastChange(now).isAfter(updated)) {
                    updated = p.lastChange(now);
                }
            }
            List<String> order = job.jobConfigJson().workflowExecutionOrder();
            return new AnonJobRun(id, job.id(), organizationId, status, new AnonJobConfig(order),
                    createdAt.toString(), updated.toString(), now.isBefore(startsAt) ? null : startsAt.toString(),
                    now.isBefore(endsAt()) ? null : endsAt().toString(), runs);
        }

        List<AnonWorkflowRun> workflowRuns(Instant now) {
            List<AnonWorkflowRun> runs = new ArrayList<>();
            for (Phase p : phases) {
                if (now.isBefore(p.startsAt())) {
                    break; // not started yet: anon has no workflow run for it
                }
                String status = p.status(now);
                runs.add(new AnonWorkflowRun(p.workflowRunId(), p.workflow().id(), status,
                        now.isBefore(p.endsAt()) ? null : p.endsAt().toString(), p.startsAt().toString(),
                        p.lastChange(now).toString(), null, id, p.stateName(now)));
            }
            return runs;
        }
    }

    /** One API key: an organization with its job definitions, workflows and runs. */
    private static final class Account {
        final String organizationId;
        final String userId;
        final Map<String, AnonJob> jobs = new LinkedHashMap<>();
        final Map<String, AnonWorkflow> workflows = new LinkedHashMap<>();
        final LinkedHashMap<String, SimulatedRun> runs = new LinkedHashMap<>();
        Webhook webhook;

        Account(String token, Instant now) {
            organizationId = nameUuid("anon-org:" + token);
            userId = nameUuid("anon-user:" + token);
            define(token, now, "Gusto payroll journal export", "gusto",
                    List.of("Log in to Gusto", "Export the payroll journal", "Upload it to the data room"));
            define(token, now, "Toast daily sales download", "toast",
                    List.of("Log in to Toast", "Download yesterday's sales summary"));
            define(token, now, "QuickBooks open bills sync", "quickbooks",
                    List.of("Log in to QuickBooks", "Read open bills", "Match vendors"));
        }

        private void define(String token, Instant now, String name, String sourceProvider, List<String> workflowNames) {
            List<String> order = new ArrayList<>();
            for (int i = 0; i < workflowNames.size(); i++) {
                String id = nameUuid("anon-workflow:" + token + ":" + name + ":" + i);
                workflows.put(id, new AnonWorkflow(id, workflowNames.get(i),
                        i == 0 ? AnonWorkflow.LOGIN : "USER_DEFINED", sourceProvider));
                order.add(id);
            }
            String id = nameUuid("anon-job:" + token + ":" + name);
            jobs.put(id, new AnonJob(id, name, now.toString(), now.toString(), organizationId, sourceProvider, userId,
                    null, new AnonJobConfig(List.copyOf(order))));
        }
    }

    private final Clock clock;
    private final Random random;
    private final Settings settings;
    private final JsonMapper json;
    private final DemoWebhookSender sender;
    private final Map<String, Account> accounts;

    @Inject
    public AnonSimulator(@Nullable Clock clock, @Nullable Settings settings, JsonMapper json,
                         AnonDemoSettings demo) {
        this(clock == null ? Clock.systemUTC() : clock, SimulatorDice.seeded(demo.seed()),
                settings == null ? Settings.demo() : settings, json, new DemoWebhookSender("Simulated anon", LOG::info));
    }

    public AnonSimulator(Clock clock, Random random, Settings settings, JsonMapper json, DemoWebhookSender sender) {
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.json = json;
        this.sender = sender;
        this.accounts = SimulatorDice.leastRecentlyUsed(settings.maxAccounts());
    }

    /** The ids of the organization's job definitions (what anon's dashboard lists), in a fixed order. */
    public synchronized List<String> jobIds(String token) {
        return List.copyOf(account(token).jobs.keySet());
    }

    /** Where the organization's events go, signed with the {@code whsec_} secret. */
    public synchronized void registerWebhook(String token, URI url, String secret) {
        account(token).webhook = new Webhook(url, secret);
    }

    /** A run started at anon, not through the API (an end user finished a link flow): its id. */
    public synchronized String startRun(String token, String jobId) {
        return startRun(token, jobId, pick(random, settings.scenarios()));
    }

    /** A run started at anon that goes as {@code scenario}: its id. */
    public synchronized String startRun(String token, String jobId, Scenario scenario) {
        Account account = account(token);
        AnonJob job = account.jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("no such job " + jobId);
        }
        return start(account, job, scenario).id;
    }

    // ---- the HTTP API (called by AnonSimulatorController) -----------------------------------------

    synchronized HttpResponse<?> job(String token, String jobId) {
        AnonJob job = account(token).jobs.get(jobId);
        return job == null ? notFound("Job") : HttpResponse.ok(job);
    }

    synchronized HttpResponse<?> workflow(String token, String workflowId) {
        AnonWorkflow workflow = account(token).workflows.get(workflowId);
        return workflow == null ? notFound("Workflow") : HttpResponse.ok(workflow);
    }

    /** {@code POST /api/v2/job-runs} with {@code {"jobId"}}: 201, the new run, its {@code Location}. */
    synchronized HttpResponse<?> startJobRun(String token, String body, String runsPath) {
        String jobId = null;
        try {
            JsonNode tree = body == null || body.isBlank() ? null
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
            if (tree != null && tree.isObject() && tree.get("jobId") != null && tree.get("jobId").isString()) {
                jobId = tree.get("jobId").getStringValue();
            }
        } catch (IOException | RuntimeException e) {
            jobId = null;
        }
        if (jobId == null || !UUID_TEXT.matcher(jobId).matches()) {
            return error(HttpStatus.BAD_REQUEST, "validation_error", "jobId must be a job id (UUID)");
        }
        Account account = account(token);
        AnonJob job = account.jobs.get(jobId);
        if (job == null) {
            return notFound("Job");
        }
        SimulatedRun run = start(account, job, pick(random, settings.scenarios()));
        return HttpResponse.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, runsPath + "/" + run.id)
                .body(run.view(clock.instant(), account.organizationId));
    }

    synchronized HttpResponse<?> jobRun(String token, String runId) {
        Account account = account(token);
        SimulatedRun run = account.runs.get(runId);
        return run == null ? notFound("Job run") : HttpResponse.ok(run.view(clock.instant(), account.organizationId));
    }

    /** A job's runs, newest first, as {@code {"data": [...]}} (the first page only). */
    synchronized HttpResponse<?> jobRunsOf(String token, String jobId) {
        if (jobId == null || jobId.isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "validation_error", "jobId is required");
        }
        Account account = account(token);
        Instant now = clock.instant();
        List<SimulatedRun> newestFirst = new ArrayList<>(account.runs.values());
        Collections.reverse(newestFirst);
        List<AnonJobRun> runs = newestFirst.stream().filter(r -> r.job.id().equals(jobId)).limit(MAX_LISTED)
                .map(r -> r.view(now, account.organizationId)).toList();
        return HttpResponse.ok(Map.of("data", runs));
    }

    synchronized HttpResponse<?> workflowRunsOf(String token, String runId) {
        if (runId == null || runId.isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "validation_error", "jobRunId is required");
        }
        SimulatedRun run = account(token).runs.get(runId);
        return HttpResponse.ok(Map.of("data", run == null ? List.of() : run.workflowRuns(clock.instant())));
    }

    synchronized HttpResponse<?> workflowRun(String token, String workflowRunId) {
        Instant now = clock.instant();
        for (SimulatedRun run : account(token).runs.values()) {
            for (AnonWorkflowRun workflowRun : run.workflowRuns(now)) {
                if (workflowRun.id().equals(workflowRunId)) {
                    return HttpResponse.ok(workflowRun);
                }
            }
        }
        return notFound("Workflow run");
    }

    static HttpResponse<?> unauthorized() {
        return error(HttpStatus.UNAUTHORIZED, "unauthorized", "Authorization: Bearer <API key> is required");
    }

    // ---- webhooks -------------------------------------------------------------------------------

    /** Sends a Svix-signed event for every run that started, began waiting for its user, or ended since the last call. */
    @Scheduled(fixedDelay = "${jobtower.demo.tick:1s}", initialDelay = "${jobtower.demo.tick:1s}")
    public void deliverDueWebhooks() {
        List<Runnable> deliveries = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Account account : accounts.values()) {
                for (SimulatedRun run : account.runs.values()) {
                    while (run.announced < run.announcements.size()
                            && !now.isBefore(run.announcements.get(run.announced).at())) {
                        Announcement announcement = run.announcements.get(run.announced++);
                        if (account.webhook != null) {
                            deliveries.add(delivery(account, run, announcement, now));
                        }
                    }
                }
            }
        }
        deliveries.forEach(Runnable::run); // outside the lock: sending must not hold up the API
    }

    private Runnable delivery(Account account, SimulatedRun run, Announcement announcement, Instant now) {
        SvixEvent event = new SvixEvent("evt_" + Long.toUnsignedString(random.nextLong(), 36), "event",
                announcement.at().toString(), announcement.type(),
                new SvixEvent.Data(run.view(announcement.at(), account.organizationId)));
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an anon webhook", e);
        }
        String messageId = "msg_" + Long.toUnsignedString(random.nextLong(), 36);
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = Map.of(
                AnonWebhooks.ID_HEADER, messageId,
                AnonWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp),
                AnonWebhooks.SIGNATURE_HEADER,
                AnonWebhooks.VERIFIER.sign(messageId, timestamp, body, account.webhook.secret()));
        URI url = account.webhook.url();
        return () -> sender.post(url, headers, body);
    }

    // ---- state ----------------------------------------------------------------------------------

    private Account account(String token) {
        return accounts.computeIfAbsent(token, t -> new Account(t, clock.instant()));
    }

    private SimulatedRun start(Account account, AnonJob job, Scenario scenario) {
        Instant now = clock.instant();
        Instant t = now.plus(settings.pending().draw(random));
        Instant startsAt = t;
        List<String> order = job.jobConfigJson().workflowExecutionOrder();
        List<Phase> phases = new ArrayList<>();
        String outcome = AnonJobRunStatus.COMPLETED;
        for (int i = 0; i < order.size(); i++) {
            AnonWorkflow workflow = account.workflows.get(order.get(i));
            boolean login = AnonWorkflow.LOGIN.equals(workflow.type());
            boolean last = i == order.size() - 1;
            Duration work = settings.workflow().draw(random);
            Instant awaitsFrom = null;
            Instant awaitsUntil = null;
            Instant endsAt = t.plus(work);
            if (scenario == Scenario.AWAITS_MFA && login) {
                // the agent reaches the MFA prompt a little into the login, then waits for the end user
                awaitsFrom = t.plus(work.dividedBy(2));
                awaitsUntil = awaitsFrom.plus(settings.mfaWait().draw(random));
                endsAt = awaitsUntil.plus(work.dividedBy(2));
            }
            String result = switch (scenario) {
                case LOGIN_FAILS -> login ? AnonWorkflowRunStatus.FAILED : AnonWorkflowRunStatus.COMPLETED;
                case WORKFLOW_FAILS -> last ? AnonWorkflowRunStatus.FAILED : AnonWorkflowRunStatus.COMPLETED;
                case NO_ACTION -> AnonWorkflowRunStatus.COMPLETED_WITH_NO_ACTION_TAKEN;
                default -> AnonWorkflowRunStatus.COMPLETED;
            };
            phases.add(new Phase(uuid(random), workflow, t, awaitsFrom, awaitsUntil, endsAt, result));
            t = endsAt;
            if (AnonWorkflowRunStatus.FAILED.equals(result)) {
                outcome = AnonJobRunStatus.FAILED; // execution stops at a failed workflow
                break;
            }
        }
        SimulatedRun run = new SimulatedRun(uuid(random), job, now, startsAt, List.copyOf(phases), outcome);
        account.runs.put(run.id, run);
        while (account.runs.size() > settings.maxRunsPerAccount()) {
            account.runs.remove(account.runs.keySet().iterator().next());
        }
        return run;
    }

    private static HttpResponse<?> notFound(String what) {
        return error(HttpStatus.NOT_FOUND, "not_found", what + " not found");
    }

    private static HttpResponse<?> error(HttpStatus status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return HttpResponse.status(status).body(body);
    }

}
