package dev.jobtower.adapters.anon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test-data builders for anon's wire objects, with the values of REFERENCE.md 2.8 as defaults. */
final class AnonFixtures {
    static final String ORGANIZATION_ID = "0d9e8f7a-6b5c-4d3e-a2f1-0e9d8c7b6a59";
    static final String USER_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    private AnonFixtures() {
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A fixture file under {@code src/test/resources/anon/}. */
    static String fixture(String name) {
        try (InputStream in = AnonFixtures.class.getResourceAsStream("/anon/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobBuilder aJob() {
        return new JobBuilder();
    }

    static JobRunBuilder aJobRun() {
        return new JobRunBuilder();
    }

    static WorkflowRunBuilder aWorkflowRun() {
        return new WorkflowRunBuilder();
    }

    static WorkflowBuilder aWorkflow() {
        return new WorkflowBuilder();
    }

    /** A job definition. */
    static final class JobBuilder {
        String id = newId();
        String name = "Gusto payroll journal export";
        String sourceProvider = "gusto";
        String updatedByUserId = USER_ID;
        List<String> order = new ArrayList<>(List.of(newId(), newId()));

        JobBuilder id(String v) { id = v; return this; }
        JobBuilder name(String v) { name = v; return this; }
        JobBuilder sourceProvider(String v) { sourceProvider = v; return this; }
        JobBuilder neverEdited() { updatedByUserId = null; return this; }
        JobBuilder workflows(String... ids) { order = new ArrayList<>(Arrays.asList(ids)); return this; }
        JobBuilder workflows(List<String> ids) { order = new ArrayList<>(ids); return this; }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", name);
            m.put("createdAt", "2026-02-10T15:02:11.482Z");
            m.put("updatedAt", "2026-02-10T15:02:11.482Z");
            m.put("organizationId", ORGANIZATION_ID);
            m.put("sourceProvider", sourceProvider);
            m.put("createdByUserId", USER_ID);
            m.put("updatedByUserId", updatedByUserId);
            m.put("jobConfigJson", Map.of("workflowExecutionOrder", order));
            return m;
        }

        String toJson() {
            return Json.write(toMap());
        }
    }

    /** A job run; its workflow runs are embedded only when {@link #embedWorkflowRuns()} says so. */
    static final class JobRunBuilder {
        String id = newId();
        String jobId = newId();
        String status = "IN_PROGRESS";
        List<String> snapshot;
        String createdAt = "2026-02-11T08:00:00Z";
        String updatedAt = "2026-02-11T08:04:12Z";
        boolean embed;
        final List<WorkflowRunBuilder> workflowRuns = new ArrayList<>();
        final Map<String, Object> extra = new LinkedHashMap<>();

        JobRunBuilder id(String v) { id = v; return this; }
        JobRunBuilder of(JobBuilder job) { jobId = job.id; snapshot = new ArrayList<>(job.order); return this; }
        JobRunBuilder jobId(String v) { jobId = v; return this; }
        JobRunBuilder status(String v) { status = v; return this; }
        JobRunBuilder snapshot(List<String> v) { snapshot = v == null ? null : new ArrayList<>(v); return this; }
        JobRunBuilder createdAt(String v) { createdAt = v; return this; }
        JobRunBuilder updatedAt(String v) { updatedAt = v; return this; }
        JobRunBuilder embedWorkflowRuns() { embed = true; return this; }
        JobRunBuilder with(String field, Object value) { extra.put(field, value); return this; }

        JobRunBuilder workflowRun(WorkflowRunBuilder run) {
            workflowRuns.add(run.jobRunId(id));
            return this;
        }

        List<Map<String, Object>> workflowRunMaps() {
            return workflowRuns.stream().map(r -> r.jobRunId(id).toMap()).toList();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("jobId", jobId);
            m.put("status", status);
            if (snapshot != null) {
                m.put("jobConfigJsonSnapshot", Map.of("workflowExecutionOrder", snapshot));
            }
            m.put("createdAt", createdAt);
            m.put("updatedAt", updatedAt);
            m.putAll(extra);
            if (embed) {
                m.put("workflowRuns", workflowRunMaps());
            }
            return m;
        }

        String toJson() {
            return Json.write(toMap());
        }
    }

    /** A workflow run. */
    static final class WorkflowRunBuilder {
        String id = newId();
        String workflowId = newId();
        String status = "COMPLETED";
        String createdAt = "2026-02-11T08:00:03Z";
        String updatedAt = "2026-02-11T08:01:47Z";
        String completedAt;
        String jobRunId;
        String currentStateName;

        WorkflowRunBuilder id(String v) { id = v; return this; }
        WorkflowRunBuilder workflowId(String v) { workflowId = v; return this; }
        WorkflowRunBuilder status(String v) { status = v; return this; }
        WorkflowRunBuilder createdAt(String v) { createdAt = v; return this; }
        WorkflowRunBuilder updatedAt(String v) { updatedAt = v; return this; }
        WorkflowRunBuilder completedAt(String v) { completedAt = v; return this; }
        WorkflowRunBuilder jobRunId(String v) { jobRunId = v; return this; }
        WorkflowRunBuilder currentStateName(String v) { currentStateName = v; return this; }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("workflowId", workflowId);
            m.put("status", status);
            m.put("completedAt", completedAt);
            m.put("createdAt", createdAt);
            m.put("updatedAt", updatedAt);
            m.put("createdByUserId", USER_ID);
            m.put("jobRunId", jobRunId);
            m.put("currentStateName", currentStateName);
            return m;
        }

        String toJson() {
            return Json.write(toMap());
        }
    }

    /** A workflow definition. */
    static final class WorkflowBuilder {
        String id = newId();
        String name = "Export payroll journal";
        String type = "USER_DEFINED";

        WorkflowBuilder id(String v) { id = v; return this; }
        WorkflowBuilder name(String v) { name = v; return this; }
        WorkflowBuilder login() { type = "LOGIN"; name = "Log in to Gusto"; return this; }
        WorkflowBuilder type(String v) { type = v; return this; }

        String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", name);
            m.put("type", type);
            m.put("sourceProvider", "gusto");
            m.put("stepsJson", Map.of("steps", List.of()));
            return Json.write(m);
        }
    }
}
