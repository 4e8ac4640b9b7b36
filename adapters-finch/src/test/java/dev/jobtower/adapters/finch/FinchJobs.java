package dev.jobtower.adapters.finch;

import dev.jobtower.domain.job.JobStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test-data builders for Finch's wire format, and the fixtures under {@code src/test/resources/finch/}. */
final class FinchJobs {
    private FinchJobs() {
    }

    /** An ad-hoc data sync in progress (REFERENCE.md 1.9 (a)) under a fresh id. */
    static AutomatedJob anAutomatedJob() {
        return new AutomatedJob();
    }

    /** A pending manual job with no items yet, under a fresh id. */
    static ManualJob aManualJob() {
        return new ManualJob();
    }

    /** A Finch webhook body of {@code eventType} about {@code jobId}. */
    static WebhookBody aWebhook(String eventType, String jobId) {
        return new WebhookBody(eventType, jobId);
    }

    /** The Finch word a job in {@code status} carries (what a fake Finch answers in the contract tests). */
    static String automatedWordFor(JobStatus status) {
        return switch (status) {
            case QUEUED -> "pending";
            case RUNNING -> "in_progress";
            case SUCCEEDED -> "complete";
            case FAILED -> "error";
            default -> throw new IllegalArgumentException("Finch has no automated job word for " + status);
        };
    }

    static String fixture(String path) {
        try (InputStream in = FinchJobs.class.getResourceAsStream("/finch/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture finch/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object under construction: {@code with(key, null)} writes a null, {@code without(key)} drops the key. */
    abstract static class JsonObject<B extends JsonObject<B>> {
        final Map<String, Object> fields = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        B with(String key, Object value) {
            fields.put(key, value);
            return (B) this;
        }

        @SuppressWarnings("unchecked")
        B without(String key) {
            fields.remove(key);
            return (B) this;
        }

        String json() {
            return TestJson.write(fields);
        }
    }

    static final class AutomatedJob extends JsonObject<AutomatedJob> {
        private AutomatedJob() {
            String id = UUID.randomUUID().toString();
            with("job_id", id);
            with("job_url", "https://api.tryfinch.com/jobs/automated/" + id);
            with("type", "data_sync_all");
            with("status", "in_progress");
            with("created_at", "2026-03-02T09:14:05Z");
            with("scheduled_at", null);
            with("started_at", "2026-03-02T09:14:06Z");
            with("completed_at", null);
            with("params", null);
        }

        String id() {
            return (String) fields.get("job_id");
        }

        AutomatedJob withId(String id) {
            return with("job_id", id).with("job_url", "https://api.tryfinch.com/jobs/automated/" + id);
        }

        AutomatedJob withStatus(String word) {
            return with("status", word);
        }

        AutomatedJob withType(String type) {
            return with("type", type);
        }

        AutomatedJob createdAt(String at) {
            return with("created_at", at);
        }

        AutomatedJob withIndividualId(String individualId) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("individual_id", individualId);
            return with("type", "w4_form_employee_sync").with("params", params);
        }
    }

    static final class ManualJob extends JsonObject<ManualJob> {
        private final List<Object> items = new ArrayList<>();

        private ManualJob() {
            with("job_id", UUID.randomUUID().toString());
            with("status", "pending");
            with("body", items);
        }

        String id() {
            return (String) fields.get("job_id");
        }

        ManualJob withId(String id) {
            return with("job_id", id);
        }

        ManualJob withStatus(String word) {
            return with("status", word);
        }

        /** Adds a per-item outcome: {@code individual_id}, an HTTP-like {@code code}, a {@code message}. */
        ManualJob withItem(int code, String message) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("individual_id", UUID.randomUUID().toString());
            item.put("code", code);
            item.put("message", message);
            items.add(item);
            return this;
        }
    }

    static final class WebhookBody extends JsonObject<WebhookBody> {
        static final String CONNECTION_ID = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";

        private WebhookBody(String eventType, String jobId) {
            with("company_id", "720be419-0293-4d32-a707-32179b0827ab");
            with("account_id", "2c7d4a5e-0f61-4b8e-9f07-0d1f2e3a4b5c");
            with("connection_id", CONNECTION_ID);
            with("entity_id", null);
            with("event_type", eventType);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("job_id", jobId);
            data.put("job_url", "https://api.tryfinch.com/jobs/automated/" + jobId);
            with("data", data);
        }
    }
}
