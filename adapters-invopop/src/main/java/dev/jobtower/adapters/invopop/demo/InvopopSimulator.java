package dev.jobtower.adapters.invopop.demo;

import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import dev.jobtower.domain.vendor.demo.DemoWebhookSender;
import dev.jobtower.domain.vendor.demo.SimulatorDice;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.UUIDClock;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.jobtower.adapters.invopop.wire.CreateTransformJob;
import dev.jobtower.adapters.invopop.wire.InvopopError;
import dev.jobtower.adapters.invopop.wire.TransformEvent;
import dev.jobtower.adapters.invopop.wire.TransformFault;
import dev.jobtower.adapters.invopop.wire.TransformFile;
import dev.jobtower.adapters.invopop.wire.TransformIntent;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.adapters.invopop.wire.TransformJobCollection;
import dev.jobtower.adapters.invopop.wire.TransformWebhookEvent;
import dev.jobtower.adapters.invopop.wire.TransformWorkflow;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
 * An in-memory Invopop Transform API for the demo. Each API key is a workspace with three e-invoicing
 * workflows (sign, a tax authority or format step, a PDF, a "Send webhook" step); a job runs its workflow's
 * steps as intents on the clock. Most jobs succeed with a PDF attachment; some have their authority step
 * retried ({@code ERR}, then {@code OK}), some wait on the authority ({@code QUEUED}), and some are knocked
 * out ({@code KO}, e.g. VERI*FACTU 1105) and finish through the rescue flow with a fault. The webhook step
 * posts Invopop's fixed body with the workspace's bearer token. A job's life is drawn when it is created and
 * read off the clock afterwards; memory is bounded by {@link Settings#maxAccounts()} and
 * {@link Settings#maxJobsPerAccount()}.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class InvopopSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(InvopopSimulator.class);
    private static final Pattern TIME_BASED_UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[17][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;
    /** A one-page PDF saying what it is: every simulated invoice's attachment. */
    static final byte[] PLACEHOLDER_PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
            + "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
            + "4 0 obj<</Length 58>>stream\nBT /F1 18 Tf 72 770 Td (Jobtower demo invoice) Tj ET\n\nendstream endobj\n"
            + "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** How a job goes. */
    public enum Scenario {
        /** Every step succeeds; the PDF is attached. */
        SUCCESS,
        /** The authority step fails recoverably ({@code ERR}) and succeeds on its retry. */
        RETRIED,
        /** The authority step asks for time ({@code QUEUED}), then succeeds. */
        WAITS_FOR_AUTHORITY,
        /** The authority step is knocked out ({@code KO}); the rescue flow reports the fault. */
        FAILS
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
     * How the simulated Invopop behaves.
     *
     * @param queued        how long a new job waits before its first step
     * @param step          how long one step takes
     * @param retryAfter    how long an {@code ERR} step waits for its retry
     * @param authorityWait how long a {@code QUEUED} authority keeps the job waiting
     * @param scenarios     how jobs go, with weights
     */
    public record Settings(Span queued, Span step, Span retryAfter, Span authorityWait,
                           Map<Scenario, Integer> scenarios, int maxAccounts, int maxJobsPerAccount) {
        public Settings {
            scenarios = new LinkedHashMap<>(scenarios);
            if (scenarios.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
                throw new IllegalArgumentException("scenarios need a positive weight");
            }
        }

        public static Settings demo() {
            Map<Scenario, Integer> scenarios = new LinkedHashMap<>();
            scenarios.put(Scenario.SUCCESS, 60);
            scenarios.put(Scenario.RETRIED, 15);
            scenarios.put(Scenario.WAITS_FOR_AUTHORITY, 10);
            scenarios.put(Scenario.FAILS, 15);
            return new Settings(new Span(Duration.ofMillis(500), Duration.ofSeconds(2)),
                    new Span(Duration.ofSeconds(1), Duration.ofSeconds(4)),
                    new Span(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                    new Span(Duration.ofSeconds(10), Duration.ofSeconds(25)), scenarios, 50, 1_000);
        }

        /** Fixed durations and one scenario: lives a test can time exactly. */
        public static Settings exact(Duration queued, Duration step, Duration retryAfter, Duration authorityWait,
                                     Scenario scenario) {
            return new Settings(new Span(queued, queued), new Span(step, step), new Span(retryAfter, retryAfter),
                    new Span(authorityWait, authorityWait), Map.of(scenario, 1), 50, 1_000);
        }

        public Settings withMaxJobsPerAccount(int max) {
            return new Settings(queued, step, retryAfter, authorityWait, scenarios, maxAccounts, max);
        }
    }

    /** One step of a workflow. */
    private record StepDefinition(String stepId, String name, String provider) {
    }

    /** What a knocked-out authority step reports. */
    private record Rejection(String code, String message, String path) {
    }

    /** A workflow: its steps (the second is the authority step, the last sends the webhook). */
    private record Workflow(TransformWorkflow definition, List<StepDefinition> steps, Rejection rejection) {
    }

    private record PlannedEvent(Instant at, String status, String code, String message) {
    }

    /** One intent, planned: its events, the last of them terminal. */
    private record PlannedIntent(String id, StepDefinition step, List<PlannedEvent> events) {
        Instant startsAt() {
            return events.get(0).at();
        }

        TransformIntent view(Instant now) {
            List<TransformEvent> seen = new ArrayList<>();
            for (int i = 0; i < events.size() && !now.isBefore(events.get(i).at()); i++) {
                PlannedEvent e = events.get(i);
                seen.add(new TransformEvent(i, e.status(), e.at().toString(), e.code(), e.message(), null, null));
            }
            PlannedEvent last = events.get(seen.size() - 1);
            boolean completed = seen.size() == events.size();
            return new TransformIntent(id, startsAt().toString(), last.at().toString(), step.stepId(), null,
                    step.name(), step.provider(), completed ? Boolean.TRUE : null, seen);
        }
    }

    /** Where a workspace's webhook steps post, with the bearer token they send. */
    private record Webhook(URI url, String token) {
    }

    /** One transform job, planned whole when it was created. */
    private static final class SimulatedJob {
        final long sequence;
        final String id;
        final Instant createdAt;
        final CreateTransformJob request;
        final List<PlannedIntent> intents;
        final Instant completedAt;
        final boolean failed;
        final TransformFault fault;
        final Instant faultAt;
        final TransformFile attachment;
        final Instant attachedAt;
        final String webhookEvent;
        boolean announced;

        SimulatedJob(long sequence, String id, Instant createdAt, CreateTransformJob request,
                     List<PlannedIntent> intents, boolean failed, TransformFault fault, Instant faultAt,
                     TransformFile attachment, Instant attachedAt, String webhookEvent) {
            this.sequence = sequence;
            this.id = id;
            this.createdAt = createdAt;
            this.request = request;
            this.intents = intents;
            PlannedIntent last = intents.get(intents.size() - 1);
            this.completedAt = last.events().get(last.events().size() - 1).at();
            this.failed = failed;
            this.fault = fault;
            this.faultAt = faultAt;
            this.attachment = attachment;
            this.attachedAt = attachedAt;
            this.webhookEvent = webhookEvent;
        }

        boolean isDone(Instant now) {
            return !now.isBefore(completedAt);
        }

        TransformJob view(Instant now, String ownerId) {
            List<TransformIntent> seen = intents.stream().filter(i -> !now.isBefore(i.startsAt()))
                    .map(i -> i.view(now)).toList();
            Instant updated = createdAt;
            String status = null;
            for (TransformIntent intent : seen) {
                TransformEvent last = intent.eventList().get(intent.eventList().size() - 1);
                updated = Instant.parse(last.at());
                status = last.status();
            }
            boolean done = isDone(now);
            if (done) {
                status = failed ? "KO" : "OK";
            }
            List<TransformFault> faults = fault != null && !now.isBefore(faultAt) ? List.of(fault) : List.of();
            List<TransformFile> files = attachment != null && !now.isBefore(attachedAt) ? List.of(attachment) : List.of();
            return new TransformJob(id, createdAt.toString(), updated.toString(), done ? completedAt.toString() : null,
                    request.workflowId(), request.siloEntryId(), request.key(), status, request.args(), request.tags(),
                    seen, faults, files, envelope(ownerId));
        }

        TransformJob summary(Instant now) {
            TransformJob full = view(now, null);
            return new TransformJob(id, full.createdAt(), full.updatedAt(), full.completedAt(), full.workflowId(),
                    full.siloEntryId(), null, full.status(), null, null, null, null, null, null);
        }

        /** A small GOBL envelope, as a silo entry would hold: what the job transformed. */
        private Map<String, Object> envelope(String ownerId) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("uuid", request.siloEntryId());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("$schema", "https://gobl.org/draft-0/bill/invoice");
            doc.put("code", request.key());
            doc.put("currency", "EUR");
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("$schema", "https://gobl.org/draft-0/envelope");
            envelope.put("head", head);
            envelope.put("doc", doc);
            return envelope;
        }
    }

    /** One API key's workspace. */
    private static final class Account {
        final String ownerId;
        final Map<String, Workflow> workflows = new LinkedHashMap<>();
        final LinkedHashMap<String, SimulatedJob> jobs = new LinkedHashMap<>();
        final Map<String, String> idsByKey = new LinkedHashMap<>();
        Webhook webhook;
        long sequence;

        Account(String token, Instant now) {
            ownerId = nameUuid("invopop-workspace:" + token);
            define(token, now, "Spain · VERI*FACTU invoice", "ES", "verifactu", "Send VERI*FACTU",
                    new Rejection("1105", "supplier not registered", "$.doc.supplier.tax_id"));
            define(token, now, "Portugal · certified invoice", "PT", "pt-saft", "Register with the AT",
                    new Rejection("AT-0109", "customer tax id is not valid", "$.doc.customer.tax_id"));
            define(token, now, "Germany · XRechnung", "DE", "xrechnung", "Convert to XRechnung",
                    new Rejection("BR-DE-15", "buyer reference is missing", "$.doc.ordering.code"));
        }

        private void define(String token, Instant now, String name, String country, String authority,
                            String authorityStep, Rejection rejection) {
            String id = nameUuid("invopop-workflow:" + token + ":" + name);
            List<StepDefinition> steps = List.of(
                    new StepDefinition(nameUuid(id + ":sign"), "Sign envelope", "silo"),
                    new StepDefinition(nameUuid(id + ":authority"), authorityStep, authority),
                    new StepDefinition(nameUuid(id + ":pdf"), "Generate PDF", "pdf"),
                    new StepDefinition(nameUuid(id + ":webhook"), "Send webhook", "webhook"));
            workflows.put(id, new Workflow(new TransformWorkflow(id, name, "Demo e-invoicing workflow",
                    "https://gobl.org/draft-0/bill/invoice", country, "1", now.toString(), now.toString()),
                    steps, rejection));
        }

        /** Forgets the oldest jobs beyond {@code max}, and their keys. */
        void trim(int max) {
            while (jobs.size() > max) {
                SimulatedJob oldest = jobs.remove(jobs.keySet().iterator().next());
                if (oldest.request.key() != null) {
                    idsByKey.remove(oldest.request.key(), oldest.id);
                }
            }
        }
    }

    private final Clock clock;
    private final Random random;
    private final Settings settings;
    private final JsonMapper json;
    private final DemoWebhookSender sender;
    private final TimeBasedEpochGenerator uuidV7;
    private final Map<String, Account> accounts;
    private volatile String selfUrl = "http://localhost/_demo/invopop";

    @Inject
    public InvopopSimulator(@Nullable Clock clock, @Nullable Settings settings, JsonMapper json,
                            InvopopDemoSettings demo) {
        this(clock == null ? Clock.systemUTC() : clock, SimulatorDice.seeded(demo.seed()),
                settings == null ? Settings.demo() : settings, json, new DemoWebhookSender("Simulated Invopop", LOG::info));
    }

    public InvopopSimulator(Clock clock, Random random, Settings settings, JsonMapper json, DemoWebhookSender sender) {
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.json = json;
        this.sender = sender;
        this.uuidV7 = Generators.timeBasedEpochGenerator(random, new UUIDClock() {
            @Override
            public long currentTimeMillis() {
                // not clock.millis(): a Clock.tick finer than a millisecond throws there (JDK TickClock)
                return clock.instant().toEpochMilli();
            }
        });
        this.accounts = SimulatorDice.leastRecentlyUsed(settings.maxAccounts());
    }

    /** The ids of the workspace's workflows (what Invopop's console lists), in a fixed order. */
    public synchronized List<String> workflowIds(String token) {
        return List.copyOf(account(token).workflows.keySet());
    }

    /** Where the workspace's "Send webhook" steps post, with {@code bearerToken} as their {@code Authorization}. */
    public synchronized void registerWebhook(String token, URI url, String bearerToken) {
        account(token).webhook = new Webhook(url, bearerToken);
    }

    /** The base URL this simulator is reached at, for attachment URLs. */
    public void setSelfUrl(String url) {
        selfUrl = url.replaceAll("/+$", "");
    }

    /** A job created in the workspace by someone else (another system, the console): its id. */
    public synchronized String createJob(String token, String workflowId, String key) {
        return createJob(token, workflowId, key, pick(random, settings.scenarios()));
    }

    /** A job created in the workspace by someone else that goes as {@code scenario}: its id. */
    public synchronized String createJob(String token, String workflowId, String key, Scenario scenario) {
        Account account = account(token);
        Workflow workflow = account.workflows.get(workflowId);
        if (workflow == null) {
            throw new IllegalArgumentException("no such workflow " + workflowId);
        }
        CreateTransformJob request = new CreateTransformJob(workflowId, uuid(random), null, key,
                List.of("console"), null);
        return create(account, uuidV7.generate().toString(), request, workflow, scenario).id;
    }

    // ---- the HTTP API (called by InvopopSimulatorController) --------------------------------------

    /** {@code PUT /transform/v1/jobs/{id}}: 202 and the job as it is now; 409 for an id or key already used. */
    synchronized HttpResponse<?> putJob(String token, String id, String body) {
        if (!TIME_BASED_UUID.matcher(id).matches()) {
            return error(HttpStatus.UNPROCESSABLE_ENTITY, "validation", "id: must be a time-based UUID (v1 or v7)");
        }
        CreateTransformJob request;
        try {
            request = body == null || body.isBlank() ? null
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), CreateTransformJob.class);
        } catch (IOException | RuntimeException e) {
            request = null;
        }
        if (request == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid", "the body is not a JSON object");
        }
        Account account = account(token);
        if (request.workflowId() == null || request.workflowId().isBlank()) {
            return error(HttpStatus.UNPROCESSABLE_ENTITY, "validation", "workflow_id: cannot be blank");
        }
        Workflow workflow = account.workflows.get(request.workflowId());
        if (workflow == null) {
            return error(HttpStatus.UNPROCESSABLE_ENTITY, "validation", "workflow_id: workflow not found");
        }
        if (blank(request.siloEntryId()) && request.data() == null && (request.args() == null || request.args().isEmpty())) {
            return error(HttpStatus.UNPROCESSABLE_ENTITY, "validation", "one of silo_entry_id, data or args is required");
        }
        if (account.jobs.containsKey(id)) {
            return error(HttpStatus.CONFLICT, "conflict", "a job with this id already exists");
        }
        if (!blank(request.key()) && account.idsByKey.containsKey(request.key())) {
            return error(HttpStatus.CONFLICT, "conflict", "a job with this key already exists");
        }
        if (blank(request.siloEntryId())) {
            // raw data or args are saved to the silo first: the job then names that entry
            request = new CreateTransformJob(request.workflowId(), uuid(random), request.args(), request.key(),
                    request.tags(), null);
        }
        SimulatedJob job = create(account, id, request, workflow, pick(random, settings.scenarios()));
        return HttpResponse.status(HttpStatus.ACCEPTED).body(job.view(clock.instant(), account.ownerId));
    }

    synchronized HttpResponse<?> job(String token, String id) {
        Account account = account(token);
        SimulatedJob job = account.jobs.get(id);
        return job == null ? notFound("job") : HttpResponse.ok(job.view(clock.instant(), account.ownerId));
    }

    synchronized HttpResponse<?> jobByKey(String token, String key) {
        Account account = account(token);
        String id = account.idsByKey.get(key);
        return id == null ? notFound("job") : job(token, id);
    }

    /** {@code GET /transform/v1/jobs}: summaries, newest first; {@code next_cursor} names where the next page starts. */
    synchronized HttpResponse<?> jobs(String token, Integer limit, String cursor) {
        Account account = account(token);
        Instant now = clock.instant();
        int size = limit == null ? DEFAULT_PAGE : Math.max(1, Math.min(MAX_PAGE, limit));
        long before = Long.MAX_VALUE;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return error(HttpStatus.BAD_REQUEST, "invalid", "cursor: not a cursor of this list");
            }
        }
        List<SimulatedJob> newestFirst = new ArrayList<>(account.jobs.values());
        java.util.Collections.reverse(newestFirst);
        long from = before;
        List<SimulatedJob> page = newestFirst.stream().filter(j -> j.sequence < from).limit(size + 1L).toList();
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Long.toString(page.get(size - 1).sequence).getBytes(StandardCharsets.UTF_8));
        }
        return HttpResponse.ok(new TransformJobCollection(page.stream().map(j -> j.summary(now)).toList(),
                now.toString(), size, cursor, next));
    }

    synchronized HttpResponse<?> workflow(String token, String id) {
        Workflow workflow = account(token).workflows.get(id);
        return workflow == null ? notFound("workflow") : HttpResponse.ok(workflow.definition());
    }

    /** The PDF behind an attachment's {@code url} (a placeholder: the simulator renders no invoices). */
    synchronized HttpResponse<?> file(String fileId) {
        for (Account account : accounts.values()) {
            for (SimulatedJob job : account.jobs.values()) {
                if (job.attachment != null && job.attachment.id().equals(fileId)) {
                    return HttpResponse.ok(PLACEHOLDER_PDF).contentType("application/pdf");
                }
            }
        }
        return notFound("file");
    }

    static HttpResponse<?> unauthorized() {
        return error(HttpStatus.UNAUTHORIZED, "unauthorized", "Authorization: Bearer <API key> is required");
    }

    // ---- webhooks -------------------------------------------------------------------------------

    /** Posts the "Send webhook" step's body for every job whose webhook step ran since the last call. */
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
                        deliveries.add(delivery(account, job));
                    }
                }
            }
        }
        deliveries.forEach(Runnable::run); // outside the lock: sending must not hold up the API
    }

    private Runnable delivery(Account account, SimulatedJob job) {
        TransformWebhookEvent event = new TransformWebhookEvent(uuid(random), job.webhookEvent, job.id,
                job.request.siloEntryId(), account.ownerId, job.request.key(), Map.of(),
                job.fault == null ? List.of() : List.of(job.fault));
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an Invopop webhook", e);
        }
        URI url = account.webhook.url();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + account.webhook.token());
        return () -> sender.post(url, headers, body);
    }

    // ---- state ----------------------------------------------------------------------------------

    private Account account(String token) {
        return accounts.computeIfAbsent(token, t -> new Account(t, clock.instant()));
    }

    /**
     * Plans a job: each step an intent ({@code RUN}, then its outcome); the authority step goes as the scenario
     * says; a knocked-out authority skips the rest of the main flow and the rescue flow's webhook says
     * {@code error}; the webhook step ends the job.
     */
    private SimulatedJob create(Account account, String id, CreateTransformJob request, Workflow workflow,
                                Scenario scenario) {
        Instant now = clock.instant();
        Instant t = now.plus(settings.queued().draw(random));
        List<PlannedIntent> intents = new ArrayList<>();
        TransformFault fault = null;
        Instant faultAt = null;
        TransformFile attachment = null;
        Instant attachedAt = null;
        List<StepDefinition> steps = workflow.steps();
        for (int i = 0; i < steps.size() - 1; i++) {
            StepDefinition step = steps.get(i);
            List<PlannedEvent> events = new ArrayList<>();
            events.add(new PlannedEvent(t, "RUN", null, null));
            t = t.plus(settings.step().draw(random));
            boolean authority = i == 1;
            if (authority && scenario == Scenario.RETRIED) {
                events.add(new PlannedEvent(t, "ERR", "503", "Service Unavailable"));
                t = t.plus(settings.retryAfter().draw(random));
                events.add(new PlannedEvent(t, "RUN", null, null));
                t = t.plus(settings.step().draw(random));
            } else if (authority && scenario == Scenario.WAITS_FOR_AUTHORITY) {
                events.add(new PlannedEvent(t, "QUEUED", "pending", "waiting for the tax authority's answer"));
                t = t.plus(settings.authorityWait().draw(random));
                events.add(new PlannedEvent(t, "RUN", null, null));
                t = t.plus(settings.step().draw(random));
            }
            if (authority && scenario == Scenario.FAILS) {
                Rejection r = workflow.rejection();
                events.add(new PlannedEvent(t, "KO", r.code(), r.message()));
                fault = new TransformFault(step.provider(), r.code(), r.message(), List.of(r.path()));
                faultAt = t;
                intents.add(new PlannedIntent(uuid(random), step, List.copyOf(events)));
                t = t.plusMillis(100);
                break; // the rescue flow takes over: straight to its webhook step
            }
            events.add(new PlannedEvent(t, "OK", null, null));
            if ("pdf".equals(step.provider())) {
                attachment = pdf(request);
                attachedAt = t;
            }
            intents.add(new PlannedIntent(uuid(random), step, List.copyOf(events)));
            t = t.plusMillis(100);
        }
        StepDefinition webhookStep = steps.get(steps.size() - 1);
        intents.add(new PlannedIntent(uuid(random), webhookStep, List.of(
                new PlannedEvent(t, "RUN", null, null), new PlannedEvent(t.plusMillis(300), "OK", null, null))));
        boolean failed = fault != null;
        SimulatedJob job = new SimulatedJob(++account.sequence, id, now, request, List.copyOf(intents), failed, fault,
                faultAt, attachment, attachedAt, failed ? "error" : "success");
        account.jobs.put(id, job);
        if (!blank(request.key())) {
            account.idsByKey.put(request.key(), id);
        }
        account.trim(settings.maxJobsPerAccount());
        return job;
    }

    private TransformFile pdf(CreateTransformJob request) {
        String fileId = uuid(random);
        String name = "invoice-" + (blank(request.key()) ? fileId.substring(0, 8) : request.key()) + ".pdf";
        return new TransformFile(fileId, "pdf", "version", name, "Invoice PDF", "application/pdf",
                (long) PLACEHOLDER_PDF.length, sha256Hex(PLACEHOLDER_PDF), Map.of(),
                selfUrl + "/files/" + fileId);
    }

    private static HttpResponse<?> notFound(String what) {
        return error(HttpStatus.NOT_FOUND, "not_found", what + " not found");
    }

    private static HttpResponse<?> error(HttpStatus status, String code, String message) {
        return HttpResponse.status(status).body(new InvopopError(code, message));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
