package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * A Transform job ({@code TransformJob}): the answer of {@code GET/PUT /transform/v1/jobs/{id}}, of the key
 * lookup and, as a summary, the items of the job list. No field is required by the spec but {@code id}.
 * {@code completed_at} is absent or empty while the job runs; {@code status} is the "last known status text".
 */
@Serdeable
public record TransformJob(
        @JsonProperty("id") String id,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("completed_at") String completedAt,
        @JsonProperty("workflow_id") String workflowId,
        @JsonProperty("silo_entry_id") String siloEntryId,
        @JsonProperty("key") String key,
        @JsonProperty("status") String status,
        @JsonProperty("args") Map<String, String> args,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("intents") List<TransformIntent> intents,
        @JsonProperty("faults") List<TransformFault> faults,
        @JsonProperty("attachments") List<TransformFile> attachments,
        @JsonProperty("envelope") Object envelope) {

    @JsonCreator
    public static TransformJob read(@JsonProperty("id") String id,
                                    @JsonProperty("created_at") String createdAt,
                                    @JsonProperty("updated_at") String updatedAt,
                                    @JsonProperty("completed_at") String completedAt,
                                    @JsonProperty("workflow_id") String workflowId,
                                    @JsonProperty("silo_entry_id") String siloEntryId,
                                    @JsonProperty("key") String key,
                                    @JsonProperty("status") String status,
                                    @JsonProperty("args") Object args,
                                    @JsonProperty("meta") Object meta,
                                    @JsonProperty("tags") List<String> tags,
                                    @JsonProperty("intents") List<TransformIntent> intents,
                                    @JsonProperty("faults") List<TransformFault> faults,
                                    @JsonProperty("attachments") List<TransformFile> attachments,
                                    @JsonProperty("envelope") Object envelope) {
        return new TransformJob(id, createdAt, updatedAt, completedAt, workflowId, siloEntryId, key, status,
                argsOrMeta(WireValues.stringMap(args), WireValues.stringMap(meta)), WireValues.list(tags),
                WireValues.list(intents), WireValues.list(faults), WireValues.list(attachments), envelope);
    }

    /**
     * A job's {@code args} were called {@code meta} until 2025-04 (Go client; REFERENCE.md 3.7a) and older payloads
     * may still carry them so: {@code args} when the job has them, else {@code meta}; both together are merged,
     * {@code args} winning a key both name.
     */
    private static Map<String, String> argsOrMeta(Map<String, String> args, Map<String, String> meta) {
        if (meta == null || meta.isEmpty()) {
            return args;
        }
        if (args == null || args.isEmpty()) {
            return meta;
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(meta);
        merged.putAll(args);
        return java.util.Collections.unmodifiableMap(merged);
    }

    /** The intents in execution order, never {@code null}. */
    public List<TransformIntent> intentList() {
        return intents == null ? List.of() : intents;
    }

    public List<TransformFault> faultList() {
        return faults == null ? List.of() : faults;
    }

    public List<TransformFile> attachmentList() {
        return attachments == null ? List.of() : attachments;
    }
}
