package dev.jobtower.adapters.finch.demo;

import dev.jobtower.adapters.finch.FinchWebhooks;
import dev.jobtower.adapters.finch.wire.AutomatedAsyncJob;
import dev.jobtower.adapters.finch.wire.AutomatedCreateRequest;
import dev.jobtower.adapters.finch.wire.AutomatedCreateResponse;
import dev.jobtower.adapters.finch.wire.AutomatedJobParams;
import dev.jobtower.adapters.finch.wire.AutomatedListResponse;
import dev.jobtower.adapters.finch.wire.ErrorResponse;
import dev.jobtower.adapters.finch.wire.Introspection;
import dev.jobtower.adapters.finch.wire.WebhookEvent;
import io.micronaut.context.annotation.Property;
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
import java.util.UUID;

/**
 * An in-memory Finch for the demo: automated jobs per access token that go {@code pending} →
 * {@code in_progress} → {@code complete} (some {@code error}, {@code reauth_error} or
 * {@code permissions_error}) on the clock, Finch's refresh quota (201, 202 while a {@code data_sync_all}
 * is queued or running, 429 with {@code retry_at} when spent), {@code /introspect}, and signed
 * {@code job.*.completed} webhooks. A job's life is drawn when it is created and read off the clock
 * afterwards, so a test with its own {@link Clock} and seed sees the same lives every time.
 * Memory is bounded: at most {@link Settings#maxAccounts()} tokens and {@link Settings#maxJobsPerAccount()}
 * jobs each, the oldest forgotten first.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class FinchSimulator {
    static final String DATA_SYNC_ALL = "data_sync_all";
    static final String W4_FORM_EMPLOYEE_SYNC = "w4_form_employee_sync";

    /**
     * How the simulated Finch behaves.
     *
     * @param allowedRefreshes  {@code data_sync_all} jobs a token may start per window (Finch: per hour)
     * @param refreshWindow     the quota's fixed window
     * @param pending           how long a job stays {@code pending}: from, to
     * @param running           how long it stays {@code in_progress}: from, to
     * @param outcomes          how a job ends, with weights
     */
    public record Settings(int allowedRefreshes, Duration refreshWindow, Span pending, Span running,
                           Map<String, Integer> outcomes, int maxAccounts, int maxJobsPerAccount) {
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
                    outcomes, 50, 1_000);
        }

        public Settings withOutcomes(Map<String, Integer> newOutcomes) {
            return new Settings(allowedRefreshes, refreshWindow, pending, running, newOutcomes, maxAccounts,
                    maxJobsPerAccount);
        }

        public Settings withQuota(int newAllowedRefreshes, Duration newWindow) {
            return new Settings(newAllowedRefreshes, newWindow, pending, running, outcomes, maxAccounts,
                    maxJobsPerAccount);
        }

        public Settings withMaxJobsPerAccount(int max) {
            return new Settings(allowedRefreshes, refreshWindow, pending, running, outcomes, maxAccounts, max);
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
        final String type;
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
        final LinkedHashMap<String, SimulatedJob> jobs = new LinkedHashMap<>();
        Webhook webhook;
        Instant windowStart;
        int refreshesUsed;

        Account(String token) {
            this.connectionId = nameUuid("finch-connection:" + token);
            this.companyId = nameUuid("finch-company:" + token);
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
                          @Property(name = "jobtower.demo.seed") @Nullable Long seed) {
        this(clock == null ? Clock.systemUTC() : clock, seed == null ? new Random() : new Random(seed),
                settings == null ? Settings.demo() : settings, json, new DemoWebhookSender());
    }

    public FinchSimulator(Clock clock, Random random, Settings settings, JsonMapper json, DemoWebhookSender sender) {
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.json = json;
        this.sender = sender;
        this.accounts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
                return size() > settings.maxAccounts();
            }
        };
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
        return HttpResponse.ok(new Introspection(account.connectionId, nameUuid("finch-client:demo"), "sandbox",
                "provider", account.companyId, nameUuid("finch-account:" + token), null, "gusto",
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
        if (job == null) {
            return notFound(jobId);
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
        List<AutomatedAsyncJob> page = newestFirst.stream().skip(from).limit(size).map(j -> view(j, now)).toList();
        rollWindow(account, now);
        AutomatedListResponse.RefreshQuota quota = new AutomatedListResponse.RefreshQuota(settings.allowedRefreshes(),
                Math.max(0, settings.allowedRefreshes() - account.refreshesUsed));
        return HttpResponse.ok(new AutomatedListResponse(
                new AutomatedListResponse.Meta(new AutomatedListResponse.Quotas(quota)), page));
    }

    /** Manual jobs are done by people at Finch; the simulator has none. */
    HttpResponse<?> manualJob(String jobId) {
        return notFound(jobId);
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
        WebhookEvent event = new WebhookEvent(account.companyId, null, account.connectionId, null,
                "job." + job.type + ".completed", jobData(job));
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
        Instant queuedFrom = scheduledAt == null ? now : scheduledAt;
        Instant runsAt = queuedFrom.plus(settings.pending().draw(random));
        Instant endsAt = runsAt.plus(settings.running().draw(random));
        SimulatedJob job = new SimulatedJob(randomUuid(random), type, individualId, now, scheduledAt, runsAt, endsAt,
                pick(settings.outcomes()));
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
        return selfUrl + "/jobs/automated/" + job.id;
    }

    private static HttpResponse<?> notFound(String jobId) {
        return error(HttpStatus.NOT_FOUND, "not_found_error", "item_not_found", "could not find job with id " + jobId);
    }

    private static HttpResponse<?> error(HttpStatus status, String name, String finchCode, String message) {
        return HttpResponse.status(status).body(new ErrorResponse(status.getCode(), status.getCode(), status.getCode(),
                name, message, finchCode));
    }

    private String pick(Map<String, Integer> weighted) {
        int total = weighted.values().stream().mapToInt(Integer::intValue).sum();
        int roll = random.nextInt(total);
        for (Map.Entry<String, Integer> e : weighted.entrySet()) {
            roll -= e.getValue();
            if (roll < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** A version-4 UUID from the simulator's own random, so a seeded run names its jobs the same way. */
    static String randomUuid(Random random) {
        long msb = random.nextLong() & ~0xF000L | 0x4000L;
        long lsb = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
