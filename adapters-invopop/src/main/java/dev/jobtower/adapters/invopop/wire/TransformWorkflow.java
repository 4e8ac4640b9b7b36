package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** The parts of a workflow definition ({@code TransformWorkflow}) Jobtower reads: its name labels the jobs it runs. */
@Serdeable
public record TransformWorkflow(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("schema") String schema,
        @JsonProperty("country") String country,
        @JsonProperty("version") String version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {
}
