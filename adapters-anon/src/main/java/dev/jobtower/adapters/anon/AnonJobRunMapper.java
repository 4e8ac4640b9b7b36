package dev.jobtower.adapters.anon;

import dev.jobtower.domain.vendor.LenientInstants;
import dev.jobtower.adapters.anon.wire.AnonJob;
import dev.jobtower.adapters.anon.wire.AnonJobConfig;
import dev.jobtower.adapters.anon.wire.AnonJobRun;
import dev.jobtower.adapters.anon.wire.AnonWorkflow;
import dev.jobtower.adapters.anon.wire.AnonWorkflowRun;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.StepEvent;
import dev.jobtower.domain.job.UnifiedStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Translates one anon job run, with its workflow runs, its job definition and its workflows, into a
 * unified {@link VendorJob}: one step per workflow of the run's execution order, so the whole plan is
 * visible, each filled in by the workflow run that executed it.
 */
final class AnonJobRunMapper {
    /** Attribute names, stable for the API. */
    static final String SOURCE_PROVIDER = "sourceProvider";
    static final String ORGANIZATION_ID = "organizationId";
    static final String JOB_ID = "jobId";

    private static final Comparator<AnonWorkflowRun> BY_CREATION = Comparator.comparing(
            (AnonWorkflowRun r) -> LenientInstants.parse(r.createdAt(), false), Comparator.nullsLast(Comparator.naturalOrder()));

    private final JsonMapper json;

    AnonJobRunMapper(JsonMapper json) {
        this.json = json;
    }

    /**
     * Everything read about one run.
     *
     * @param runTree          the run's JSON as anon sent it
     * @param workflowRunTrees the workflow runs' JSON, embedded in the run or listed separately
     */
    record RunReading(JsonNode runTree, AnonJobRun run, List<JsonNode> workflowRunTrees,
                      List<AnonWorkflowRun> workflowRuns) {
        RunReading {
            workflowRunTrees = List.copyOf(workflowRunTrees);
            workflowRuns = List.copyOf(workflowRuns);
        }
    }

    /** The order of workflows the run executes: its snapshot's, else its job's; {@code null} when neither says. */
    static List<String> executionOrder(AnonJobRun run, AnonJob definition) {
        List<String> snapshot = order(run.jobConfigJsonSnapshot());
        if (snapshot != null) {
            return snapshot;
        }
        return definition == null ? null : order(definition.jobConfigJson());
    }

    static List<String> order(AnonJobConfig config) {
        if (config == null || config.workflowExecutionOrder() == null) {
            return null;
        }
        return config.workflowExecutionOrder().stream().filter(Objects::nonNull).toList();
    }

    /**
     * @param externalId the run's id (its own {@code id}, else the id it was read under)
     * @param jobId      the anon job the run belongs to, or {@code null}
     * @param workflows  the workflows known by id (some may be missing)
     */
    VendorJob toVendorJob(String externalId, String jobId, RunReading reading, AnonJob definition,
                          Map<String, AnonWorkflow> workflows) {
        AnonJobRun run = reading.run();
        List<AnonWorkflowRun> workflowRuns = reading.workflowRuns();
        List<AnonStatusMapping.WorkflowOutcome> outcomes = workflowRuns.stream()
                .map(r -> new AnonStatusMapping.WorkflowOutcome(r.status(), typeOf(workflows.get(r.workflowId()))))
                .toList();
        UnifiedStatus status = AnonStatusMapping.jobRun(run.status(), outcomes);

        Instant createdAt = LenientInstants.parse(run.createdAt(), false);
        Instant startedAt = LenientInstants.parse(run.startedAt(), false);
        if (startedAt == null) {
            startedAt = workflowRuns.stream().map(r -> LenientInstants.parse(r.createdAt(), false)).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
        }
        Instant completedAt = LenientInstants.parse(run.completedAt(), false);
        if (completedAt == null && status.status().isTerminal()) {
            completedAt = workflowRuns.stream().map(r -> LenientInstants.parse(r.completedAt(), false))
                    .filter(Objects::nonNull).max(Comparator.naturalOrder())
                    .orElse(LenientInstants.parse(run.updatedAt(), false));
        }
        Instant updatedAt = workflowRuns.stream().map(r -> LenientInstants.parse(r.updatedAt(), false))
                .filter(Objects::nonNull).reduce(LenientInstants.parse(run.updatedAt(), false), AnonJobRunMapper::later);

        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SOURCE_PROVIDER, definition == null ? null : definition.sourceProvider());
        attributes.put(ORGANIZATION_ID, run.organizationId() != null ? run.organizationId()
                : definition == null ? null : definition.organizationId());
        attributes.put(JOB_ID, jobId);

        return VendorJob.builder(externalId)
                .type(jobId)
                .name(definition == null ? null : definition.name())
                .status(status)
                .vendorStatus(run.status())
                .createdAt(createdAt)
                .startedAt(startedAt)
                .completedAt(completedAt)
                .vendorUpdatedAt(updatedAt)
                .attributes(attributes)
                .steps(steps(executionOrder(run, definition), workflowRuns, workflows, status.status().isTerminal()))
                .rawPayload(rawPayload(reading))
                .build();
    }

    /**
     * One step per workflow of the order, matched with the workflow runs of that workflow in creation
     * order; workflow runs the order does not name follow at the end. A workflow without a run is
     * {@code QUEUED} while the job run goes on, {@code CANCELLED} once the run has ended without it.
     */
    static List<Step> steps(List<String> order, List<AnonWorkflowRun> workflowRuns, Map<String, AnonWorkflow> workflows,
                            boolean runEnded) {
        Map<String, Deque<AnonWorkflowRun>> byWorkflow = new HashMap<>();
        List<AnonWorkflowRun> chronological = workflowRuns.stream().sorted(BY_CREATION).toList();
        for (AnonWorkflowRun r : chronological) {
            byWorkflow.computeIfAbsent(String.valueOf(r.workflowId()), k -> new ArrayDeque<>()).add(r);
        }
        List<Step> steps = new ArrayList<>();
        for (String workflowId : order == null ? List.<String>of() : order) {
            Deque<AnonWorkflowRun> runs = byWorkflow.get(workflowId);
            AnonWorkflowRun run = runs == null ? null : runs.poll();
            String name = nameOf(workflows.get(workflowId));
            if (run == null) {
                steps.add(new Step(workflowId, name, runEnded ? JobStatus.CANCELLED : JobStatus.QUEUED, null,
                        null, null, List.of()));
            } else {
                steps.add(step(workflowId, name, run));
            }
        }
        for (AnonWorkflowRun r : chronological) {
            Deque<AnonWorkflowRun> left = byWorkflow.get(String.valueOf(r.workflowId()));
            if (left != null && left.remove(r)) {
                String id = r.workflowId() != null ? r.workflowId() : r.id();
                steps.add(step(id, nameOf(workflows.get(r.workflowId())), r));
            }
        }
        return steps;
    }

    private static Step step(String id, String name, AnonWorkflowRun run) {
        UnifiedStatus status = AnonStatusMapping.workflowRun(run.status());
        Instant updatedAt = LenientInstants.parse(run.updatedAt(), false);
        List<StepEvent> events = run.status() == null && run.currentStateName() == null ? List.of()
                : List.of(new StepEvent(0, updatedAt, run.status(), null, run.currentStateName()));
        return new Step(id, name, status.status(), run.status(), LenientInstants.parse(run.createdAt(), false),
                LenientInstants.parse(run.completedAt(), false), events);
    }

    /** The run's JSON with its workflow runs, as a {@code workflowRuns} array. */
    private String rawPayload(RunReading reading) {
        JsonNode tree = reading.runTree();
        JsonNode embedded = tree.get("workflowRuns");
        try {
            if (embedded != null && embedded.isArray()) {
                return json.writeValueAsString(tree);
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : tree.entries()) {
                fields.put(e.getKey(), e.getValue());
            }
            fields.put("workflowRuns", JsonNode.createArrayNode(reading.workflowRunTrees()));
            return json.writeValueAsString(JsonNode.createObjectNode(fields));
        } catch (IOException e) {
            throw VendorUnavailable.of(FailureCategory.MALFORMED, e);
        }
    }

    private static String typeOf(AnonWorkflow workflow) {
        return workflow == null ? null : workflow.type();
    }

    private static String nameOf(AnonWorkflow workflow) {
        return workflow == null ? null : workflow.name();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
