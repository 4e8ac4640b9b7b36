package dev.jobtower.adapters.anon;

import dev.jobtower.domain.vendor.VendorUrls;
import dev.jobtower.domain.vendor.LenientInstants;
import dev.jobtower.adapters.anon.wire.AnonJob;
import dev.jobtower.adapters.anon.wire.AnonJobRun;
import dev.jobtower.adapters.anon.wire.AnonStartJobRun;
import dev.jobtower.adapters.anon.wire.AnonWorkflow;
import dev.jobtower.adapters.anon.wire.AnonWorkflowRun;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.Unsupported;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorUnavailable;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.http.client.ServiceHttpClientConfiguration;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Follows anon (v2) job runs. An anon <em>job</em> is a template (a named, ordered list of workflows);
 * each <em>job run</em> executes it, one <em>workflow run</em> per workflow, in order. One unified job
 * is one job run: its {@code type} is the anon job id, its name the job's name, its steps the
 * workflows of the run's execution order. Job definitions and workflows are cached per connection.
 *
 * <p>Much of anon's v2 API is not public: see {@link AnonSettings} for the paths assumed.
 */
@Singleton
public final class AnonJobProvider implements JobProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AnonJobProvider.class);
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Comparator<Candidate> NEWEST_FIRST = Comparator.comparing(
            Candidate::createdAt, Comparator.nullsLast(Comparator.reverseOrder()));

    /** Whether building a job may call anon, or must make do with what is cached (right after a create). */
    private enum Lookups { REMOTE, CACHED_ONLY }

    /** A listed run waiting to be completed. */
    private record Candidate(JsonNode tree, String jobId, Instant createdAt) {
    }

    private final AnonApi http;
    private final JsonMapper json;
    private final AnonSettings settings;
    private final AnonCatalog catalog;
    private final AnonJobRunMapper mapper;
    private final AnonWebhooks webhooks;

    @Inject
    public AnonJobProvider(@Client(id = "anon") HttpClient client, JsonMapper json, AnonSettings settings,
                           @Named("anon") ServiceHttpClientConfiguration service) {
        this(client.toBlocking(), json, settings, Clock.systemUTC(),
                VendorUrls.basePathOf(service.getUrls().isEmpty() ? null : service.getUrls().get(0).toString(),
                        service.getPath().orElse(null)));
    }

    AnonJobProvider(BlockingHttpClient client, JsonMapper json, AnonSettings settings, Clock clock, String basePath) {
        this.http = new AnonApi(client, json, clock, basePath);
        this.json = json;
        this.settings = settings;
        this.catalog = new AnonCatalog(settings.cacheTtl(), settings.cacheMaxEntries(), clock);
        this.mapper = new AnonJobRunMapper(json);
        this.webhooks = new AnonWebhooks(json);
    }

    @Override
    public Provider provider() {
        return AnonModule.PROVIDER;
    }

    /** Reads one job run (never a job: see {@link #track}). */
    @Override
    public VendorJob fetch(ProviderAccount account, String externalId) {
        return guarded(() -> readRun(account, externalId).orElseThrow(() -> new VendorNotFound(externalId)));
    }

    /**
     * A job run, else a job: then every run of it, newest first, with the job id to watch so discovery
     * follows its future runs (no run yet: no jobs, the job id still watched).
     */
    @Override
    public TrackOutcome track(ProviderAccount account, String externalId) {
        return guarded(() -> {
            Optional<VendorJob> run = readRun(account, externalId);
            if (run.isPresent()) {
                return TrackOutcome.single(run.get());
            }
            String jobId = externalId.strip();
            // a fresh read: a job created since a cached "not found" must be found
            catalog.get(account.connectionId(), AnonCatalog.Kind.JOB, jobId, () -> readJob(account, jobId), e -> true)
                    .orElseThrow(() -> new VendorNotFound(externalId));
            List<VendorJob> runs = listRuns(account, jobId).stream()
                    .map(tree -> new Candidate(tree, jobId, createdAt(tree)))
                    .sorted(NEWEST_FIRST)
                    .map(c -> complete(account, c.tree(), null, jobId, Lookups.REMOTE))
                    .toList();
            return new TrackOutcome(runs, jobId);
        });
    }

    @Override
    public void validateEnqueue(EnqueueRequest request) {
        String type = request.type();
        if (type == null || type.isBlank()) {
            throw new InvalidJobRequest("type", "is required: the id of the anon job to run");
        }
        if (!isUuid(type.strip())) {
            throw new InvalidJobRequest("type", "must be an anon job id (a UUID)");
        }
        if (!request.params().isEmpty()) {
            String name = request.params().keySet().iterator().next();
            throw new InvalidJobRequest("params." + name, "is not accepted: an anon job run takes no parameters");
        }
    }

    /**
     * Starts a run of the job named by {@code type}. The job is read first (a missing job fails before
     * anything is started); after the create no further call is made, so a failing read can never hide
     * a run that was started.
     */
    @Override
    public EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
        validateEnqueue(request);
        String jobId = request.type().strip();
        return guarded(() -> {
            AnonJob definition = catalog.get(account.connectionId(), AnonCatalog.Kind.JOB, jobId,
                    () -> readJob(account, jobId), e -> true).orElseThrow(() -> new VendorNotFound(jobId));
            preloadWorkflows(account, AnonJobRunMapper.order(definition.jobConfigJson()));

            AnonApi.Posted posted = http.post(account, settings.startJobRunUri(), new AnonStartJobRun(jobId), jobId);
            JsonNode body = posted.body() != null && posted.body().isObject() ? posted.body() : null;
            String runId = body == null ? null : text(body.get("id"));
            if (runId == null) {
                runId = lastSegment(posted.location());
            }
            if (runId == null) {
                LOG.warn("anon answered HTTP {} to a job-run start without naming the run", posted.status());
                throw VendorUnavailable.of(FailureCategory.MALFORMED, posted.status());
            }
            JsonNode tree = body != null ? body : JsonNode.createObjectNode(Map.of("id", JsonNode.createStringNode(runId)));
            VendorJob job;
            try {
                job = complete(account, tree, runId, jobId, Lookups.CACHED_ONLY);
            } catch (VendorUnavailable unreadable) {
                // the run exists: an unreadable answer must not hide it
                job = complete(account, JsonNode.createObjectNode(Map.of("id", JsonNode.createStringNode(runId))),
                        runId, jobId, Lookups.CACHED_ONLY);
            }
            if (job.vendorStatus() == null) {
                job = job.toBuilder().status(JobStatus.QUEUED).statusReason(null).build();
            }
            return EnqueueOutcome.created(job, null);
        });
    }

    /**
     * The runs of the watched anon jobs, created since {@code scope.since()}, newest first, at most
     * {@code scope.maxJobs()}. anon lists runs per job only, so without watched ids there is nothing
     * discovery can list: {@link Unsupported}.
     */
    @Override
    public List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
        if (scope.watchedIds().isEmpty()) {
            throw new Unsupported("discovering anon job runs without watched job ids (anon lists runs per job)");
        }
        return guarded(() -> {
            List<Candidate> candidates = new ArrayList<>();
            for (String jobId : scope.watchedIds().stream().sorted().toList()) {
                if (!isUuid(jobId)) {
                    continue;
                }
                for (JsonNode tree : listRuns(account, jobId)) {
                    Instant created = createdAt(tree);
                    if (created == null || !created.isBefore(scope.since())) {
                        candidates.add(new Candidate(tree, jobId, created));
                    }
                }
            }
            List<VendorJob> jobs = candidates.stream().sorted(NEWEST_FIRST).limit(scope.maxJobs())
                    .map(c -> complete(account, c.tree(), null, c.jobId(), Lookups.REMOTE))
                    .toList();
            LOG.debug("anon discovery found {} runs of {} watched jobs", jobs.size(), scope.watchedIds().size());
            return jobs;
        });
    }

    @Override
    public void validateWebhookSecret(String secret) {
        if (!AnonWebhooks.isWellFormedSecret(secret)) {
            throw new InvalidJobRequest("webhookSecret", "must be whsec_ followed by base64 (a Svix signing secret)");
        }
    }

    @Override
    public WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now) {
        return webhooks.read(delivery, secret, now);
    }

    @Override
    public void screenWebhook(WebhookDelivery delivery) {
        AnonWebhooks.screen(delivery);
    }

    private Optional<VendorJob> readRun(ProviderAccount account, String runId) {
        String id = runId == null ? "" : runId.strip();
        if (!isUuid(id)) {
            return Optional.empty(); // anon's ids are UUIDs: anything else cannot exist there
        }
        return http.get(account, settings.jobRunUri(id)).map(tree -> complete(account, tree, id, null, Lookups.REMOTE));
    }

    private Optional<AnonJob> readJob(ProviderAccount account, String jobId) {
        if (!isUuid(jobId)) {
            return Optional.empty();
        }
        return http.get(account, settings.jobUri(jobId)).map(tree -> decode(tree, AnonJob.class));
    }

    private Optional<AnonWorkflow> readWorkflow(ProviderAccount account, String workflowId) {
        return http.get(account, settings.workflowUri(workflowId)).map(tree -> decode(tree, AnonWorkflow.class));
    }

    /** A job's runs; a bare array, or an object with a {@code data} or {@code items} array. */
    private List<JsonNode> listRuns(ProviderAccount account, String jobId) {
        return http.get(account, settings.jobRunsOfJobUri(jobId)).map(AnonJobProvider::items).orElse(List.of());
    }

    private List<JsonNode> listWorkflowRuns(ProviderAccount account, String runId) {
        return http.get(account, settings.workflowRunsOfJobRunUri(runId)).map(AnonJobProvider::items).orElse(List.of());
    }

    /** A run read from anon, completed with its workflow runs, its job and its workflows. */
    private VendorJob complete(ProviderAccount account, JsonNode tree, String fallbackId, String fallbackJobId,
                               Lookups lookups) {
        AnonJobRun run = decode(tree, AnonJobRun.class);
        String runId = run.id() != null && !run.id().isBlank() ? run.id() : fallbackId;
        if (runId == null) {
            LOG.warn("anon listed a job run without an id");
            throw VendorUnavailable.of(FailureCategory.MALFORMED, (Integer) null);
        }
        JsonNode embedded = tree.get("workflowRuns");
        List<JsonNode> workflowRunTrees;
        if (embedded != null && embedded.isArray()) {
            workflowRunTrees = elements(embedded);
        } else {
            workflowRunTrees = lookups == Lookups.REMOTE ? listWorkflowRuns(account, runId) : List.of();
        }
        workflowRunTrees = workflowRunTrees.stream().filter(JsonNode::isObject).toList();
        List<AnonWorkflowRun> workflowRuns = workflowRunTrees.stream().map(t -> decode(t, AnonWorkflowRun.class)).toList();

        String jobId = run.jobId() != null && !run.jobId().isBlank() ? run.jobId() : fallbackJobId;
        AnonJob definition = jobId == null ? null : definition(account, jobId, run, lookups).orElse(null);
        List<String> order = AnonJobRunMapper.executionOrder(run, definition);
        Set<String> workflowIds = new LinkedHashSet<>(order == null ? List.of() : order);
        workflowRuns.stream().map(AnonWorkflowRun::workflowId).filter(w -> w != null).forEach(workflowIds::add);
        Map<String, AnonWorkflow> workflows = new LinkedHashMap<>();
        for (String workflowId : workflowIds) {
            workflow(account, workflowId, lookups).ifPresent(w -> workflows.put(workflowId, w));
        }
        return mapper.toVendorJob(runId, jobId,
                new AnonJobRunMapper.RunReading(tree, run, workflowRunTrees, workflowRuns), definition, workflows);
    }

    /**
     * The run's job, cached; read again when the run was created after the cached copy and its snapshot
     * names a workflow that copy lacks (the job was edited since).
     */
    private Optional<AnonJob> definition(ProviderAccount account, String jobId, AnonJobRun run, Lookups lookups) {
        if (lookups == Lookups.CACHED_ONLY) {
            return catalog.peek(account.connectionId(), AnonCatalog.Kind.JOB, jobId);
        }
        Instant runCreated = LenientInstants.parse(run.createdAt(), false);
        List<String> snapshot = AnonJobRunMapper.order(run.jobConfigJsonSnapshot());
        return catalog.get(account.connectionId(), AnonCatalog.Kind.JOB, jobId, () -> readJob(account, jobId),
                cached -> runCreated != null && cached.loadedAt().isBefore(runCreated)
                        && (cached.value() == null || snapshot != null
                        && !knownOrder(cached.value()).containsAll(snapshot)));
    }

    private Optional<AnonWorkflow> workflow(ProviderAccount account, String workflowId, Lookups lookups) {
        if (lookups == Lookups.CACHED_ONLY) {
            return catalog.peek(account.connectionId(), AnonCatalog.Kind.WORKFLOW, workflowId);
        }
        return catalog.get(account.connectionId(), AnonCatalog.Kind.WORKFLOW, workflowId,
                () -> readWorkflow(account, workflowId));
    }

    /** Reads a job's workflows before its run is started, so the new run's steps have names; best effort. */
    private void preloadWorkflows(ProviderAccount account, List<String> order) {
        if (order == null) {
            return;
        }
        for (String workflowId : order) {
            try {
                workflow(account, workflowId, Lookups.REMOTE);
            } catch (ProviderException e) {
                LOG.debug("anon workflow could not be read before a run start: {}", e.getClass().getSimpleName());
                return;
            }
        }
    }

    private static Set<String> knownOrder(AnonJob job) {
        List<String> order = AnonJobRunMapper.order(job.jobConfigJson());
        return order == null ? Set.of() : Set.copyOf(order);
    }

    private <T> T decode(JsonNode tree, Class<T> type) {
        if (tree == null || !tree.isObject()) {
            throw VendorUnavailable.of(FailureCategory.MALFORMED, (Integer) null);
        }
        try {
            return json.readValueFromTree(tree, type);
        } catch (IOException | RuntimeException e) {
            throw VendorUnavailable.of(FailureCategory.MALFORMED, e);
        }
    }

    private static List<JsonNode> items(JsonNode body) {
        if (body.isArray()) {
            return elements(body);
        }
        if (body.isObject()) {
            for (String name : List.of("data", "items")) {
                JsonNode list = body.get(name);
                if (list != null && list.isArray()) {
                    return elements(list);
                }
            }
        }
        LOG.warn("anon answered a list request with neither an array nor a data/items array");
        throw VendorUnavailable.of(FailureCategory.MALFORMED, (Integer) null);
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.values().forEach(out::add);
        return out;
    }

    private static Instant createdAt(JsonNode run) {
        return run.isObject() ? LenientInstants.parse(text(run.get("createdAt")), false) : null;
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        String s = node.getStringValue();
        return s.isBlank() ? null : s.strip();
    }

    private static String lastSegment(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String path = location.strip().replaceAll("[?#].*$", "").replaceAll("/+$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return isUuid(last) ? last : null;
    }

    static boolean isUuid(String text) {
        return text != null && UUID.matcher(text).matches();
    }

    /** Nothing but a {@link ProviderException} leaves a provider method. */
    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("anon answer could not be translated: {}", e.getClass().getName());
            throw VendorUnavailable.of(FailureCategory.MALFORMED, e);
        }
    }
}
