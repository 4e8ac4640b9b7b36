package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.vendor.VendorUrls;
import dev.jobtower.domain.vendor.LenientInstants;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.jobtower.adapters.invopop.wire.CreateTransformJob;
import dev.jobtower.adapters.invopop.wire.InvopopError;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.adapters.invopop.wire.TransformJobCollection;
import dev.jobtower.adapters.invopop.wire.TransformWorkflow;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.http.client.ServiceHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows jobs of Invopop's Transform API ({@code /transform/v1}) with a workspace's API key as bearer token.
 *
 * <p>Creation is idempotent end to end: {@link #preassignExternalId} mints a UUIDv7 that the app stores the
 * job under first, and {@link #enqueue} creates the job with {@code PUT /transform/v1/jobs/{id}} under that id;
 * a repeat of the same create answers 409, which is followed by a read and reported as an existing job.
 */
@Singleton
public final class InvopopJobProvider implements JobProvider {
    private static final Logger LOG = LoggerFactory.getLogger(InvopopJobProvider.class);
    /** The list endpoint's own maximum page size. */
    static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_CACHED_WORKFLOWS = 10_000;

    private final InvopopApi api;
    private final JsonMapper json;
    private final InvopopWorkflowNames workflowNames;
    private final int pageSize;
    private final TimeBasedEpochGenerator uuidV7 = Generators.timeBasedEpochGenerator();

    @Inject
    public InvopopJobProvider(@Client(id = "invopop") HttpClient client, JsonMapper json,
                              InvopopSettings settings, @Named("invopop") ServiceHttpClientConfiguration service) {
        this(client, json, settings.workflowNameTtl(), settings.discoveryPageSize(),
                VendorUrls.basePathOf(service.getUrls().isEmpty() ? null : service.getUrls().get(0).toString(),
                        service.getPath().orElse(null)), Clock.systemUTC());
    }

    InvopopJobProvider(HttpClient client, JsonMapper json, Duration workflowNameTtl, int discoveryPageSize,
                       String basePath, Clock clock) {
        this.api = new InvopopApi(client, json, clock, basePath);
        this.json = json;
        this.workflowNames = new InvopopWorkflowNames(clock, workflowNameTtl, MAX_CACHED_WORKFLOWS);
        this.pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, discoveryPageSize));
    }

    @Override
    public Provider provider() {
        return InvopopModule.PROVIDER;
    }

    @Override
    public VendorJob fetch(ProviderAccount account, String externalId) {
        if (externalId == null || externalId.isBlank()) {
            throw new VendorNotFound(String.valueOf(externalId));
        }
        return toVendorJob(account, api.job(account.token(), externalId));
    }

    /** Reads the job created with an idempotency key ({@code GET /transform/v1/jobs/key/{key}}). */
    public VendorJob fetchByKey(ProviderAccount account, String key) {
        if (key == null || key.isBlank()) {
            throw new VendorNotFound(String.valueOf(key));
        }
        return toVendorJob(account, api.jobByKey(account.token(), key));
    }

    @Override
    public void validateEnqueue(EnqueueRequest request) {
        InvopopEnqueueRequests.validate(request);
    }

    /** A new UUIDv7: Invopop accepts client-chosen time-based ids (v7 or v1) on {@code PUT /jobs/{id}}. */
    @Override
    public Optional<String> preassignExternalId(EnqueueRequest request) {
        return Optional.of(uuidV7.generate().toString());
    }

    @Override
    public EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
        InvopopEnqueueRequests.validate(request);
        String id = preassignedId.filter(s -> !s.isBlank()).orElse(null);
        if (id == null) {
            // The app is meant to pass the id it stored the job under; without one, a retry could create twice.
            LOG.warn("Invopop enqueue without a pre-assigned id: minting one for this call only");
            id = uuidV7.generate().toString();
        } else if (!InvopopEnqueueRequests.isUuid(id)) {
            throw new InvalidJobRequest("externalId", "must be a time-based UUID (v7 or v1) for Invopop");
        }
        CreateTransformJob body = InvopopEnqueueRequests.toWire(request);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new InvalidJobRequest("params", "could not be written as JSON");
        }
        InvopopApi.Answer answer = api.putJob(account.token(), id, bytes);
        if (answer.status() == 409) {
            return EnqueueOutcome.existing(readExisting(account, request, id, answer), null);
        }
        if (!answer.hasBody()) {
            // Accepted without a body: the job as requested, not yet read.
            return EnqueueOutcome.created(VendorJob.builder(id).type(request.type()).status(JobStatus.QUEUED)
                    .params(request.params()).tags(body.tags()).build(), null);
        }
        VendorJob created = toVendorJob(account, answer.body());
        if (!created.externalId().equals(id)) {
            // PUT /jobs/{id} creates the job under the path's id; a body naming another (a mock's canned
            // example) must not move the job away from the id the app stored it under.
            LOG.warn("Invopop answered a create of {} with a body for {}; keeping {}", id, created.externalId(), id);
            created = withExternalId(created, id);
        }
        VendorJob.Builder job = created.toBuilder().params(request.params());
        if (created.tags().isEmpty() && body.tags() != null) {
            job.tags(body.tags());
        }
        return EnqueueOutcome.created(job.build(), null);
    }

    private static VendorJob withExternalId(VendorJob j, String id) {
        return new VendorJob(id, j.type(), j.name(), j.status(), j.statusReason(), j.vendorStatus(), j.createdAt(),
                j.scheduledAt(), j.startedAt(), j.completedAt(), j.vendorUpdatedAt(), j.params(), j.tags(),
                j.vendorUrl(), j.attributes(), j.steps(), j.attachments(), j.faults(), j.rawPayload());
    }

    /** After a 409: the job under the caller's key when there is one, else under our id. */
    private VendorJob readExisting(ProviderAccount account, EnqueueRequest request, String id,
                                   InvopopApi.Answer conflict) {
        String key = InvopopEnqueueRequests.key(request);
        if (key != null) {
            try {
                return fetchByKey(account, key);
            } catch (VendorNotFound e) {
                // the key lookup covers recent keys only: the id may still name the job
            }
        }
        try {
            return fetch(account, id);
        } catch (VendorNotFound e) {
            InvopopError error = api.error(conflict.body());
            throw new VendorRejected(409, error.code(), error.message());
        }
    }

    /**
     * Pages through {@code GET /transform/v1/jobs} (newest first) until a job older than {@code scope.since},
     * the last page or {@code scope.maxJobs}, and reads each listed job in full (list items are summaries).
     * A job that disappears between the list and its read is skipped.
     */
    @Override
    public List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
        List<VendorJob> found = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        while (found.size() < scope.maxJobs()) {
            int limit = Math.min(pageSize, scope.maxJobs() - found.size());
            TransformJobCollection page = InvopopJson.read(json, api.jobs(account.token(), limit, cursor),
                    TransformJobCollection.class);
            List<TransformJob> items = page.items();
            for (TransformJob item : items) {
                Instant createdAt = LenientInstants.parse(item.createdAt());
                if (createdAt != null && createdAt.isBefore(scope.since())) {
                    return found;
                }
                if (item.id() == null || item.id().isBlank() || !seenIds.add(item.id())) {
                    continue;
                }
                try {
                    found.add(fetch(account, item.id()));
                } catch (VendorNotFound e) {
                    continue;
                }
                if (found.size() >= scope.maxJobs()) {
                    return found;
                }
            }
            String next = page.nextCursor();
            if (items.isEmpty() || next == null || next.isBlank() || !seenCursors.add(next)) {
                return found;
            }
            cursor = next;
        }
        return found;
    }

    @Override
    public void validateWebhookSecret(String secret) {
        InvopopWebhooks.validateSecret(secret);
    }

    @Override
    public WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now) {
        return InvopopWebhooks.read(json, delivery, secret);
    }

    @Override
    public void screenWebhook(WebhookDelivery delivery) {
        InvopopWebhooks.screen(delivery);
    }

    private VendorJob toVendorJob(ProviderAccount account, byte[] body) {
        InvopopPayload payload = InvopopPayload.read(json, body);
        String name = workflowNames.name(account.connectionId(), payload.job().workflowId(),
                workflowId -> workflowName(account, workflowId));
        return InvopopJobMapper.toVendorJob(payload, name);
    }

    private String workflowName(ProviderAccount account, String workflowId) {
        TransformWorkflow workflow = InvopopJson.read(json, api.workflow(account.token(), workflowId),
                TransformWorkflow.class);
        return workflow.name() == null || workflow.name().isBlank() ? null : workflow.name();
    }
}
