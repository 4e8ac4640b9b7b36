package dev.jobtower.adapters.finch;

import dev.jobtower.domain.vendor.VendorUrls;
import dev.jobtower.domain.vendor.RetryAfter;
import dev.jobtower.domain.vendor.LenientInstants;
import dev.jobtower.adapters.finch.wire.AutomatedAsyncJob;
import dev.jobtower.adapters.finch.wire.AutomatedCreateResponse;
import dev.jobtower.adapters.finch.wire.Introspection;
import dev.jobtower.adapters.finch.wire.ManualAsyncJob;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.AccountInfo;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorUnavailable;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.http.client.ServiceHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finch's jobs through its HTTP API: automated jobs (data syncs, W-4 syncs) and manual jobs (assisted
 * benefits work), enqueue with Finch's refresh quota, discovery by paging the automated-job list, the
 * connection's own id from {@code /introspect}, and Finch's signed webhooks.
 */
@Singleton
public final class FinchJobProvider implements JobProvider {
    private static final Logger LOG = LoggerFactory.getLogger(FinchJobProvider.class);
    private static final String AUTOMATED_JOBS = "/jobs/automated";
    private static final String MANUAL_JOBS = "/jobs/manual";
    private static final String INTROSPECT = "/introspect";
    /** How many ids found to be manual jobs are remembered, so their polls skip the automated 404. */
    private static final int MANUAL_IDS_REMEMBERED = 10_000;

    private final FinchApi api;
    private final JsonMapper json;
    private final FinchFailures failures;
    private final FinchWebhooks webhooks;
    private final int pageSize;
    private final Clock clock;
    private final Set<String> manualIds = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MANUAL_IDS_REMEMBERED;
                }
            }));

    @Inject
    public FinchJobProvider(@Client(id = "finch") HttpClient client, JsonMapper json,
                            FinchSettings settings, @Named("finch") ServiceHttpClientConfiguration service) {
        this(client, json, settings.apiVersion(), settings.discoveryPageSize(), Clock.systemUTC(),
                VendorUrls.basePathOf(service.getUrls().isEmpty() ? null : service.getUrls().get(0).toString(),
                        service.getPath().orElse(null)));
    }

    FinchJobProvider(HttpClient client, JsonMapper json, String apiVersion, int pageSize, Clock clock) {
        this(client, json, apiVersion, pageSize, clock, "");
    }

    FinchJobProvider(HttpClient client, JsonMapper json, String apiVersion, int pageSize, Clock clock, String basePath) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("jobtower.finch.discovery-page-size must be positive");
        }
        this.api = new FinchApi(client, apiVersion, basePath);
        this.json = json;
        this.failures = new FinchFailures(json);
        this.webhooks = new FinchWebhooks(json);
        this.pageSize = pageSize;
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return FinchModule.PROVIDER;
    }

    /** Reads an automated job, else (on 404) a manual one; ids known to be manual are tried the other way round. */
    @Override
    public VendorJob fetch(ProviderAccount account, String externalId) {
        requireId(externalId);
        if (manualIds.contains(externalId)) {
            Optional<VendorJob> manual = readManual(account, externalId);
            if (manual.isPresent()) {
                return manual.get();
            }
            manualIds.remove(externalId);
            return readAutomated(account, externalId).orElseThrow(() -> new VendorNotFound(externalId));
        }
        Optional<VendorJob> automated = readAutomated(account, externalId);
        if (automated.isPresent()) {
            return automated.get();
        }
        VendorJob manual = readManual(account, externalId)
                .orElseThrow(() -> new VendorNotFound(externalId));
        manualIds.add(externalId);
        return manual;
    }

    @Override
    public void validateEnqueue(EnqueueRequest request) {
        FinchEnqueueRequests.validate(request);
    }

    /**
     * {@code POST /jobs/automated}: 201 a new job, 202 the job already running for this connection (read
     * again for its status), 429 the refresh quota is spent until {@code retry_at}.
     */
    @Override
    public EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
        validateEnqueue(request);
        FinchApi.Answer answer = api.post(account, AUTOMATED_JOBS, FinchEnqueueRequests.toWire(request));
        Instant now = clock.instant();
        int status = answer.status();
        if (status == 429) {
            AutomatedCreateResponse body = parseLeniently(answer.body());
            Instant retryAt = body == null ? null : LenientInstants.parse(body.retryAt());
            if (retryAt == null) {
                retryAt = RetryAfter.parse(answer.retryAfter(), now);
            }
            Quota quota = body == null ? FinchJobMapper.quota(null, null, retryAt)
                    : FinchJobMapper.quota(body.allowedRefreshes(), body.remainingRefreshes(), retryAt);
            throw new VendorRateLimited(retryAt, quota);
        }
        if (!answer.isSuccess()) {
            throw failures.of(answer, AUTOMATED_JOBS, now);
        }
        AutomatedCreateResponse body = parse(answer.body(), AutomatedCreateResponse.class);
        String jobId = FinchJobMapper.blankToNull(body.jobId());
        if (jobId == null || !isValidId(jobId)) {
            throw malformed("enqueue answer without a usable job_id", null);
        }
        Quota quota = FinchJobMapper.quota(body.allowedRefreshes(), body.remainingRefreshes(),
                LenientInstants.parse(body.retryAt()));
        VendorJob queued = FinchJobMapper.queued(jobId, request.type(), request.params(), body.jobUrl(), answer.body());
        if (status != 202) {
            return EnqueueOutcome.created(queued, quota);
        }
        // 202: Finch de-duplicated to the job already queued or running; its status is worth a read
        try {
            return EnqueueOutcome.existing(readAutomated(account, jobId).orElse(queued), quota);
        } catch (ProviderException e) {
            LOG.info("Finch answered 202 with job {}, whose read failed ({}); returning it as queued",
                    jobId, e.getClass().getSimpleName());
            return EnqueueOutcome.existing(queued, quota);
        }
    }

    /**
     * Pages through {@code GET /jobs/automated} (newest first) until a short or empty page, a page that
     * holds only jobs created before {@code scope.since()}, or {@code scope.maxJobs()}. Manual jobs cannot
     * be listed.
     */
    @Override
    public List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
        List<VendorJob> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int offset = 0;
        while (found.size() < scope.maxJobs()) {
            FinchApi.Answer answer = api.get(account, AUTOMATED_JOBS + "?limit=" + pageSize + "&offset=" + offset);
            if (!answer.isSuccess()) {
                throw failures.of(answer, AUTOMATED_JOBS, clock.instant());
            }
            List<JsonNode> page = listData(answer.body());
            boolean anyNew = false;
            boolean allBeforeSince = !page.isEmpty();
            for (JsonNode item : page) {
                AutomatedAsyncJob job = fromTree(item);
                String id = job == null ? null : FinchJobMapper.blankToNull(job.jobId());
                if (id == null || !isValidId(id)) {
                    allBeforeSince = false;
                    continue;
                }
                if (!seen.add(id)) {
                    continue;
                }
                anyNew = true;
                VendorJob copy = FinchJobMapper.automated(id, job, write(item));
                boolean beforeSince = copy.createdAt() != null && copy.createdAt().isBefore(scope.since());
                allBeforeSince &= beforeSince;
                if (!beforeSince && found.size() < scope.maxJobs()) {
                    found.add(copy);
                }
            }
            // a vendor that ignores offset would repeat a page forever: no new id ends the scan too
            if (page.size() < pageSize || !anyNew || allBeforeSince) {
                break;
            }
            offset += page.size();
        }
        return found;
    }

    /** {@code GET /introspect}: the Finch {@code connection_id}, which webhooks name. */
    @Override
    public AccountInfo introspect(ProviderAccount account) {
        FinchApi.Answer answer = api.get(account, INTROSPECT);
        if (!answer.isSuccess()) {
            throw failures.of(answer, INTROSPECT, clock.instant());
        }
        Introspection introspection = parse(answer.body(), Introspection.class);
        return new AccountInfo(FinchJobMapper.blankToNull(introspection.connectionId()), null);
    }

    @Override
    public void validateWebhookSecret(String secret) {
        FinchWebhooks.validateSecret(secret);
    }

    @Override
    public WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now) {
        WebhookSignal signal = webhooks.read(delivery, secret, now);
        if (signal.disposition() == WebhookSignal.Disposition.ACTIONABLE && FinchWebhooks.namesAManualJob(signal.eventType())) {
            // a benefits job is a manual job: its re-read goes to /jobs/manual first, with no automated 404 before it
            manualIds.addAll(signal.jobsToReread());
        }
        return signal;
    }

    @Override
    public void screenWebhook(WebhookDelivery delivery) {
        FinchWebhooks.VERIFIER.screen(delivery);
    }

    private Optional<VendorJob> readAutomated(ProviderAccount account, String externalId) {
        FinchApi.Answer answer = api.get(account, AUTOMATED_JOBS + "/" + VendorUrls.encode(externalId));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.isSuccess()) {
            throw failures.of(answer, externalId, clock.instant());
        }
        AutomatedAsyncJob job = parse(answer.body(), AutomatedAsyncJob.class);
        return Optional.of(translate(() -> FinchJobMapper.automated(externalId, job, answer.body())));
    }

    private Optional<VendorJob> readManual(ProviderAccount account, String externalId) {
        FinchApi.Answer answer = api.get(account, MANUAL_JOBS + "/" + VendorUrls.encode(externalId));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.isSuccess()) {
            throw failures.of(answer, externalId, clock.instant());
        }
        ManualAsyncJob job = parse(answer.body(), ManualAsyncJob.class);
        return Optional.of(translate(() -> FinchJobMapper.manual(externalId, job, answer.body())));
    }

    private static void requireId(String externalId) {
        try {
            ProviderRef.requireExternalId(externalId);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobRequest("externalId", e.getMessage().replaceFirst("^externalId ", ""));
        }
    }

    private static boolean isValidId(String id) {
        try {
            ProviderRef.requireExternalId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private <T> T parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw malformed("empty body where " + type.getSimpleName() + " was expected", null);
        }
        T value;
        try {
            value = json.readValue(body.getBytes(StandardCharsets.UTF_8), type);
        } catch (Exception e) {
            throw malformed("unreadable " + type.getSimpleName(), e);
        }
        if (value == null) {
            throw malformed("null where " + type.getSimpleName() + " was expected", null);
        }
        return value;
    }

    private AutomatedCreateResponse parseLeniently(String body) {
        try {
            return body == null || body.isBlank() ? null
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), AutomatedCreateResponse.class);
        } catch (Exception e) {
            return null;
        }
    }

    private List<JsonNode> listData(String body) {
        JsonNode root = parse(body, JsonNode.class);
        if (!root.isObject()) {
            throw malformed("automated job list is not an object", null);
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            return List.of();
        }
        if (!data.isArray()) {
            throw malformed("automated job list's data is not an array", null);
        }
        List<JsonNode> items = new ArrayList<>(data.size());
        data.values().forEach(items::add);
        return items;
    }

    private AutomatedAsyncJob fromTree(JsonNode item) {
        if (item == null || !item.isObject()) {
            return null;
        }
        try {
            return json.readValueFromTree(item, AutomatedAsyncJob.class);
        } catch (Exception e) {
            throw malformed("unreadable job in the automated job list", e);
        }
    }

    private String write(JsonNode item) {
        try {
            return json.writeValueAsString(item);
        } catch (Exception e) {
            throw malformed("job in the automated job list cannot be written back", e);
        }
    }

    private static VendorJob translate(Supplier<VendorJob> translation) {
        try {
            return translation.get();
        } catch (RuntimeException e) {
            throw malformed("job cannot be translated", e);
        }
    }

    private static VendorUnavailable malformed(String what, Throwable cause) {
        LOG.warn("Finch answered something unreadable: {}", what);
        return new VendorUnavailable(FailureCategory.MALFORMED, null, true, null, cause);
    }
}
