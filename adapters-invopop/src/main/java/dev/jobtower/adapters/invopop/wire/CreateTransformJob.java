package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /transform/v1/jobs/{id}} (and of {@code POST /transform/v1/jobs}). {@code workflow_id}
 * is required; one of {@code silo_entry_id}, {@code data}, {@code args} is the input (the silo entry wins).
 * Absent fields are left out of the JSON.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTransformJob(
        @JsonProperty("workflow_id") String workflowId,
        @JsonProperty("silo_entry_id") String siloEntryId,
        @JsonProperty("args") Map<String, String> args,
        @JsonProperty("key") String key,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("data") Object data) {
}
