package dev.jobtower.adapters.finch.demo;

import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import dev.jobtower.domain.vendor.demo.DemoWebhookSender;
import dev.jobtower.domain.vendor.demo.SimulatorDice;
import dev.jobtower.adapters.finch.FinchWebhooks;
import dev.jobtower.adapters.finch.wire.AutomatedAsyncJob;
import dev.jobtower.adapters.finch.wire.AutomatedCreateRequest;
import dev.jobtower.adapters.finch.wire.AutomatedCreateResponse;
import dev.jobtower.adapters.finch.wire.AutomatedJobParams;
import dev.jobtower.adapters.finch.wire.AutomatedListResponse;
import dev.jobtower.adapters.finch.wire.ErrorResponse;
import dev.jobtower.adapters.finch.wire.Introspection;
import dev.jobtower.adapters.finch.wire.ManualAsyncJob;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static dev.jobtower.domain.vendor.demo.SimulatorDice.nameUuid;
import static dev.jobtower.domain.vendor.demo.SimulatorDice.pick;
import static dev.jobtower.domain.vendor.demo.SimulatorDice.uuid;

/**
 * An in-memory Finch for the demo: automated jobs per access token that go {@code pending} →
 * {@code in_progress} → {@code complete} (some {@code error}, {@code reauth_error} or
 * {@code permissions_error}) on the clock, Finch's refresh quota (201, 202 while a {@code data_sync_all}
 * is queued or running, 429 with {@code retry_at} when spent), {@code /introspect}, and signed
 * {@code job.*.completed} webhooks. Manual jobs come from the five benefits calls (create, update, register,
 * enroll, unenroll: {@code job_id} in the answer, read with {@code GET /jobs/manual/{job_id}}, announced with
 * {@code job.benefit_<call>.completed}); with {@link Settings#benefitsEvery()} set, each connection with a webhook
 * also makes such a call by itself now and then (the employer's benefits work through another app), so the demo
 * shows manual jobs that Jobtower learns of only from their webhook. Answers follow Finch's 2026 OpenAPI document.
 * A job's life is drawn when it is created and read off the clock afterwards, so a test with its own
 * {@link Clock} and seed sees the same lives every time.
 * Memory is bounded: at most {@link Settings#maxAccounts()} tokens and {@link Settings#maxJobsPerAccount()}
 * jobs each (and 100 benefit ids), the oldest forgotten first.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class FinchSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(FinchSimulator.class);
    static final String DATA_SYNC_ALL = "data_sync_all";
    static final String W4_FORM_EMPLOYEE_SYNC = "w4_form_employee_sync";
    /** The benefits calls whose answer names a manual job, as they appear in {@code job.benefit_<call>.completed}. */
    static final List<String> BENEFITS_CALLS = List.of("create", "update", "register", "enroll", "unenroll");
    private static final String BENEFIT_PREFIX = "benefit_";
    /** Benefits remembered per token (only their ids), the oldest forgotten first. */
    private static final int MAX_BENEFITS_PER_ACCOUNT = 100;

    /**
     * How the simulated Finch behaves.
     *
     * @param allowedRefreshes  {@code data_sync_all} jobs a token may start per window (Finch: per hour)
     * @param refreshWindow     the quota's fixed window
     * @param pending           how long a job stays {@code pending}: from, to
     * @param running           how long it stays {@code in_progress}: from, to
     * @param outcomes          how a job ends, with weights
     * @param benefitsEvery     how often a connection with a webhook makes a benefits call by itself; {@code null}: never
     */
    public record Settings(int allowedRefreshes, Duration refreshWindow, Span pending, Span running,
                           Map<String, Integer> outcomes, int maxAccounts, int maxJobsPerAccount,
                           @Nullable Duration benefitsEvery) {
        public Settings {
            Objects.requireNonNull(refreshWindow);
            outcomes = new LinkedHashMap<>(outcomes);
            if (outcomes.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
                throw new IllegalArgumentException("outcomes need a positive weight");
            }
        }

        /** A small quota, lives of seconds, about one job in four failing. */
        public static Settings demo() {
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            outcomes.put("complete", 70);
            outcomes.put("error", 12);
            outcomes.put("reauth_error", 12);
            outcomes.put("permissions_error", 6);
            return new Settings(4, Duration.ofMinutes(3),
                    new Span(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                    new Span(Duration.ofSeconds(6), Duration.ofSeconds(20)),
                    outcomes, 50, 1_000, Duration.ofSeconds(45));
        }

        public Settings withOutcomes(Map<String, Integer> newOutcomes) {
            return new Settings(allowedRefreshes, refreshWindow, pending, running, newOutcomes, maxAccounts,
                    maxJobsPerAccount, benefitsEvery);
        }

        public Settings withQuota(int newAllowedRefreshes, Duration newWindow) {
            return new Settings(newAllowedRefreshes, newWindow, pending, running, outcomes, maxAccounts,
                    maxJobsPerAccount, benefitsEvery);
        }

        public Settings withMaxJobsPerAccount(int max) {
            return new Settings(allowedRefreshes, refreshWindow, pending, running, outcomes, maxAccounts, max,
                    benefitsEvery);
        }

        public Settings withBenefitsEvery(@Nullable Duration every) {
            return new Settings(allowedRefreshes, refreshWindow, pending, running, outcomes, maxAccounts,
                    maxJobsPerAccount, every);
        }
    }

    /** A duration drawn evenly between {@code from} and {@code to}. */
    public record Span(Duration from, Duration to) {
        Duration draw(Random random) {
            long a = from.toMillis();
            long b = Math.max(a, to.toMillis());
            return Duration.ofMillis(a + (b == a ? 0 : (long) (random.nextDouble() * (b - a))));
        }
    }

    /** Where one token's webhooks go, and the base64 secret that signs them. */
    private record Webhook(URI url, String secret) {
    }

    /** One simulated job: its whole life, decided when it was created. */
    private static final class SimulatedJob {
        final String id;
        /** An automated job's type, or for a manual job the benefits call that made it ({@code benefit_create}, ...). */
        final String type;
        final boolean manual;
        /** A manual job's per-item outcomes, its {@code body} once it is done. */
        List<Object> items = List.of();
        final String individualId;
        final Instant createdAt;
        final Instant scheduledAt;
        final Instant runsAt;
        final Instant endsAt;
        final String outcome;
        boolean announced;

        SimulatedJob(String id, String type, String individualId, Instant createdAt, Instant scheduledAt,
                     Instant runsAt, Instant endsAt, String outcome) {
            this.id = id;
            this.type = type;
            this.manual = type.startsWith(BENEFIT_PREFIX);
            this.individualId = individualId;
            this.createdAt = createdAt;
            this.scheduledAt = scheduledAt;
            this.runsAt = runsAt;
            this.endsAt = endsAt;
            this.outcome = outcome;
        }

        String status(Instant now) {
            if (now.isBefore(runsAt)) {
                return "pending";
            }
            return now.isBefore(endsAt) ? "in_progress" : outcome;
        }

        boolean isDone(Instant now) {
            return !now.isBefore(endsAt);
        }
    }

    /** One access token's connection. */
    private static final class Account {
        final String connectionId;
        final String companyId;
        final String accountId;
        final String tokenId;
        final Set<String> benefits = new java.util.LinkedHashSet<>();
        Instant nextBenefitsCall;
        final LinkedHashMap<String, SimulatedJob> jobs = new LinkedHashMap<>();
        Webhook webhook;
        Instant windowStart;
        int refreshesUsed;

        Account(String token) {
            this.connectionId = nameUuid("finch-connection:" + token);
            this.companyId = nameUuid("finch-company:" + token);
            this.accountId = nameUuid("finch-account:" + token);
            this.tokenId = nameUuid("finch-token:" + token);
        }
    }

    private final Clock clock;
    private final Random random;
    private final Settings settings;
    private final JsonMapper json;
    private final DemoWebhookSender sender;
    private final Map<String, Account> accounts;
    private volatile String selfUrl = "http://localhost/_demo/finch";

    @Inject
    public FinchSimulator(@Nullable Clock clock, @Nullable Settings settings, JsonMapper json,
                          FinchDemoSettings demo) {
        this(clock == null ? Clock.systemUTC() : clock, SimulatorDice.seeded(demo.seed()),
                settings == null ? Settings.demo() : settings, json, new DemoWebhookSender("Simulated Finch", LOG::info));
    }

    public FinchSimulator(Clock clock, Random random, Settings settings, JsonMapper json, DemoWebhookSender sender) {
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.json = json;
        this.sender = sender;
        this.accounts = SimulatorDice.leastRecentlyUsed(settings.maxAccounts());
    }

    /** The connection id {@code /introspect} answers for a token (webhooks name it). */
    public static String connectionIdOf(String token) {
        return nameUuid("finch-connection:" + token);
    }

    /** Where the jobs of {@code token} announce their completion, signed with the base64 {@code secret}. */
    public synchronized void registerWebhook(String token, URI url, String secret) {
        account(token).webhook = new Webhook(url, secret);
    }

    /** The base URL this simulator is reached at, for {@code job_url}s. */
    public void setSelfUrl(String url) {
        selfUrl = url.replaceAll("/+$", "");
    }

    /**
     * Finch's own daily sync of a connection (not asked for through the API): a {@code data_sync_all}
     * scheduled a few seconds ahead. Returns its id, which a client can then follow.
     */
    public synchronized String scheduleDailySync(String token) {
        Instant now = clock.instant();
        Instant scheduledAt = now.plusSeconds(2 + random.nextInt(4));
        return add(account(token), DATA_SYNC_ALL, null, now, scheduledAt).id;
    }

    // ---- the HTTP API (called by FinchSimulatorController) ----------------------------------------

    synchronized HttpResponse<?> introspect(String token) {
        Account account = account(token);
        return HttpResponse.ok(new Introspection(account.tokenId, account.connectionId, nameUuid("finch-client:demo"), "sandbox",
                "provider", account.companyId, account.accountId, null, "gusto",
                List.of("company", "directory", "individual", "employment", "payment", "pay_statement"),
                new Introspection.ConnectionStatus("connected", "This employer is working as expected",
                        clock.instant().toString())));
    }

    /** {@code POST /jobs/automated}: 201 a new job, 202 the data sync already queued or running, 429 no quota. */
    synchronized HttpResponse<?> create(String token, String body) {
        AutomatedCreateRequest request;
        try {
            request = body == null || body.isBlank() ? null
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), AutomatedCreateRequest.class);
        } catch (IOException | RuntimeException e) {
            request = null;
        }
        if (request == null) {
            return error(HttpStatus.BAD_REQUEST, "bad_request", "invalid_request", "The request body is not valid JSON");
        }
        String type = request.type();
        if (!DATA_SYNC_ALL.equals(type) && !W4_FORM_EMPLOYEE_SYNC.equals(type)) {
            return error(HttpStatus.BAD_REQUEST, "bad_request", "invalid_request",
                    "type must be one of data_sync_all, w4_form_employee_sync");
        }
        String individualId = request.params() == null ? null : request.params().individualId();
        if (W4_FORM_EMPLOYEE_SYNC.equals(type) && (individualId == null || individualId.isBlank())) {
            return error(HttpStatus.BAD_REQUEST, "bad_request", "invalid_request",
                    "params.individual_id is required for w4_form_employee_sync");
        }
        Account account = account(token);
        Instant now = clock.instant();
        if (W4_FORM_EMPLOYEE_SYNC.equals(type)) {
            SimulatedJob job = add(account, type, individualId, now, null);
            return HttpResponse.status(HttpStatus.CREATED).body(created(account, job, now));
        }
        Optional<SimulatedJob> running = account.jobs.values().stream()
                .filter(j -> DATA_SYNC_ALL.equals(j.type) && !j.isDone(now)).findFirst();
        if (running.isPresent()) {
            // one data sync at a time per connection; the existing one is answered and no refresh is used
            return HttpResponse.status(HttpStatus.ACCEPTED).body(created(account, running.get(), now));
        }
        rollWindow(account, now);
        if (account.refreshesUsed >= settings.allowedRefreshes()) {
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).body(new AutomatedCreateResponse(null, null,
                    settings.allowedRefreshes(), 0, account.windowStart.plus(settings.refreshWindow()).toString()));
        }
        account.refreshesUsed++;
        SimulatedJob job = add(account, DATA_SYNC_ALL, null, now, null);
        return HttpResponse.status(HttpStatus.CREATED).body(created(account, job, now));
    }

    synchronized HttpResponse<?> job(String token, String jobId) {
        Account account = account(token);
        SimulatedJob job = account.jobs.get(jobId);
        if (job == null || job.manual) {
            // Finch's 2026 document: this 404 has no body
            return HttpResponse.status(HttpStatus.NOT_FOUND);
        }
        return HttpResponse.ok(view(job, clock.instant()));
    }

    /** {@code GET /jobs/automated}: newest first, {@code limit}/{@code offset} paging, the quota in {@code meta}. */
    synchronized HttpResponse<?> list(String token, Integer limit, Integer offset) {
        Account account = account(token);
        Instant now = clock.instant();
        int size = limit == null ? 100 : Math.max(1, Math.min(100, limit));
        int from = offset == null ? 0 : Math.max(0, offset);
        List<SimulatedJob> newestFirst = new ArrayList<>(account.jobs.values());
        java.util.Collections.reverse(newestFirst);
        List<AutomatedAsyncJob> page = newestFirst.stream().filter(j -> !j.manual).skip(from).limit(size)
                .map(j -> view(j, now)).toList();
        rollWindow(account, now);
        AutomatedListResponse.RefreshQuota quota = new AutomatedListResponse.RefreshQuota(settings.allowedRefreshes(),
                Math.max(0, settings.allowedRefreshes() - account.refreshesUsed));
        return HttpResponse.ok(new AutomatedListResponse(
                new AutomatedListResponse.Meta(new AutomatedListResponse.Quotas(quota)), page));
    }

    /** {@code GET /jobs/manual/{job_id}}: a job a benefits call started; 404 {@code {code, finch_code, name, message}}. */
    synchronized HttpResponse<?> manualJob(String token, String jobId) {
        SimulatedJob job = account(token).jobs.get(jobId);
        if (job == null || !job.manual) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ErrorResponse(null, null, 404, "not_found_error",
                    "could not find job with id '" + jobId + "'", "item_not_found"));
        }
        Instant now = clock.instant();
        String status = job.status(now);
        List<Object> body = job.isDone(now) && "complete".equals(status) ? job.items : null;
        return HttpResponse.ok(new ManualAsyncJob(job.id, status, body));
    }

    /**
     * A benefits call (REFERENCE.md 1.8a): {@code create} and {@code register} make a benefit (201
     * {@code {benefit_id, job_id}}), {@code update} answers 200 {@code {benefit_id, job_id}}, {@code enroll} and
     * {@code unenroll} 200 {@code {job_id}}; each starts a manual job. The benefit's own data is not kept: only that
     * it exists ({@code benefitId} unknown: 404).
     *
     * @param individuals who an enroll or unenroll is for (the manual job's items), else empty
     */
    synchronized HttpResponse<?> benefits(String token, String call, @Nullable String benefitId, List<String> individuals) {
        Account account = account(token);
        Instant now = clock.instant();
        boolean makesBenefit = "create".equals(call) || "register".equals(call);
        if (!makesBenefit && (benefitId == null || !account.benefits.contains(benefitId))) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ErrorResponse(null, null, 404, "not_found_error",
                    "could not find benefit with id '" + benefitId + "'", "benefit_not_found"));
        }
        String benefit = makesBenefit ? uuid(random) : benefitId;
        remember(account, benefit);
        SimulatedJob job = startBenefitsJob(account, call, individuals, now);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!"enroll".equals(call) && !"unenroll".equals(call)) {
            answer.put("benefit_id", benefit);
        }
        answer.put("job_id", job.id);
        return HttpResponse.status(makesBenefit ? HttpStatus.CREATED : HttpStatus.OK).body(answer);
    }

    private SimulatedJob startBenefitsJob(Account account, String call, List<String> individuals, Instant now) {
        SimulatedJob job = add(account, BENEFIT_PREFIX + call, null, now, null,
                random.nextInt(100) < 85 ? "complete" : "error");
        List<Object> items = new ArrayList<>();
        for (String individual : individuals) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("individual_id", individual);
            boolean found = random.nextInt(100) < 90;
            item.put("code", found ? ("enroll".equals(call) ? 201 : 200) : 404);
            item.put("message", found ? ("enroll".equals(call) ? "enrolled" : "unenrolled") : "individual not found");
            items.add(item);
        }
        job.items = List.copyOf(items);
        return job;
    }

    private static void remember(Account account, String benefitId) {
        account.benefits.add(benefitId);
        while (account.benefits.size() > MAX_BENEFITS_PER_ACCOUNT) {
            account.benefits.remove(account.benefits.iterator().next());
        }
    }

    /** The employer's own benefits work (another app of theirs): a call on each connection with a webhook, when due. */
    private void benefitsActivity(Instant now) {
        Duration every = settings.benefitsEvery();
        if (every == null) {
            return;
        }
        for (Account account : accounts.values()) {
            if (account.webhook == null) {
                continue;
            }
            if (account.nextBenefitsCall == null) {
                account.nextBenefitsCall = now.plus(every);
                continue;
            }
            if (now.isBefore(account.nextBenefitsCall)) {
                continue;
            }
            account.nextBenefitsCall = now.plus(every);
            String call = account.benefits.isEmpty() ? "create" : BENEFITS_CALLS.get(random.nextInt(BENEFITS_CALLS.size()));
            if ("create".equals(call) || "register".equals(call)) {
                remember(account, uuid(random));
            }
            List<String> individuals = "enroll".equals(call) || "unenroll".equals(call)
                    ? List.of(uuid(random), uuid(random)) : List.of();
            startBenefitsJob(account, call, individuals, now);
        }
    }

    static HttpResponse<?> unauthorized() {
        return error(HttpStatus.UNAUTHORIZED, "unauthorized_request_error", null,
                "Authorization: Bearer <access token> is required");
    }

    // ---- webhooks -------------------------------------------------------------------------------

    /** Sends {@code job.<type>.completed} for every job that finished since the last call. */
    @Scheduled(fixedDelay = "${jobtower.demo.tick:1s}", initialDelay = "${jobtower.demo.tick:1s}")
    public void deliverDueWebhooks() {
        List<Runnable> deliveries = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            benefitsActivity(now);
            for (Account account : accounts.values()) {
                for (SimulatedJob job : account.jobs.values()) {
                    if (job.announced || !job.isDone(now)) {
                        continue;
                    }
                    job.announced = true;
                    if (account.webhook != null) {
                        deliveries.add(delivery(account, job, now));
                    }
                }
            }
        }
        deliveries.forEach(Runnable::run); // outside the lock: sending must not hold up the API
    }

    private Runnable delivery(Account account, SimulatedJob job, Instant now) {
        // Finch's 2026 BaseWebhookEvent: company_id and account_id required; connection_id sent; entity_id only
        // for multi-entity connections (a string when present, so left out here rather than null)
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("company_id", account.companyId);
        event.put("account_id", account.accountId);
        event.put("connection_id", account.connectionId);
        event.put("event_type", "job." + job.type + ".completed");
        event.put("data", jobData(job));
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Finch webhook", e);
        }
        String eventId = "msg_" + Long.toUnsignedString(random.nextLong(), 36);
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = Map.of(
                FinchWebhooks.EVENT_ID_HEADER, eventId,
                FinchWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp),
                FinchWebhooks.SIGNATURE_HEADER, FinchWebhooks.VERIFIER.sign(eventId, timestamp, body, account.webhook.secret()));
        URI url = account.webhook.url();
        return () -> sender.post(url, headers, body);
    }

    private Map<String, Object> jobData(SimulatedJob job) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", job.id);
        data.put("job_url", jobUrl(job));
        return data;
    }

    // ---- state ----------------------------------------------------------------------------------

    private Account account(String token) {
        return accounts.computeIfAbsent(token, Account::new);
    }

    private SimulatedJob add(Account account, String type, String individualId, Instant now, Instant scheduledAt) {
        return add(account, type, individualId, now, scheduledAt, null);
    }

    /** @param outcome how the job ends; {@code null}: drawn from the settings' outcomes (automated words) */
    private SimulatedJob add(Account account, String type, String individualId, Instant now, Instant scheduledAt,
                             String outcome) {
        Instant queuedFrom = scheduledAt == null ? now : scheduledAt;
        Instant runsAt = queuedFrom.plus(settings.pending().draw(random));
        Instant endsAt = runsAt.plus(settings.running().draw(random));
        SimulatedJob job = new SimulatedJob(uuid(random), type, individualId, now, scheduledAt, runsAt, endsAt,
                outcome != null ? outcome : pick(random, settings.outcomes()));
        account.jobs.put(job.id, job);
        while (account.jobs.size() > settings.maxJobsPerAccount()) {
            account.jobs.remove(account.jobs.keySet().iterator().next());
        }
        return job;
    }

    private void rollWindow(Account account, Instant now) {
        if (account.windowStart == null || !now.isBefore(account.windowStart.plus(settings.refreshWindow()))) {
            account.windowStart = now;
            account.refreshesUsed = 0;
        }
    }

    private AutomatedCreateResponse created(Account account, SimulatedJob job, Instant now) {
        rollWindow(account, now);
        return new AutomatedCreateResponse(job.id, jobUrl(job), settings.allowedRefreshes(),
                Math.max(0, settings.allowedRefreshes() - account.refreshesUsed), null);
    }

    private AutomatedAsyncJob view(SimulatedJob job, Instant now) {
        String status = job.status(now);
        // Finch's started_at is when the job entered the queue, not when it began to run
        Instant queued = job.scheduledAt == null ? job.createdAt : job.scheduledAt;
        return new AutomatedAsyncJob(job.id, jobUrl(job), job.type, status, job.createdAt.toString(),
                job.scheduledAt == null ? null : job.scheduledAt.toString(),
                now.isBefore(queued) ? null : queued.toString(),
                job.isDone(now) ? job.endsAt.toString() : null,
                job.individualId == null ? null : new AutomatedJobParams(job.individualId));
    }

    private String jobUrl(SimulatedJob job) {
        return selfUrl + (job.manual ? "/jobs/manual/" : "/jobs/automated/") + job.id;
    }

    private static HttpResponse<?> error(HttpStatus status, String name, String finchCode, String message) {
        return HttpResponse.status(status).body(new ErrorResponse(status.getCode(), status.getCode(), status.getCode(),
                name, message, finchCode));
    }

}
