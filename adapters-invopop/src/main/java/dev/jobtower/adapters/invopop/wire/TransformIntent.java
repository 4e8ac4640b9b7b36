package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One executed workflow step of a job ({@code TransformIntent}). Current intents name their step with
 * {@code step_id}/{@code name}/{@code provider}; older ones (the seed page) carry {@code integration_id} instead.
 */
@Serdeable
public record TransformIntent(
        @JsonProperty("id") String id,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("step_id") String stepId,
        @JsonProperty("integration_id") String integrationId,
        @JsonProperty("name") String name,
        @JsonProperty("provider") String provider,
        @JsonProperty("completed") Boolean completed,
        @JsonProperty("events") List<TransformEvent> events) {

    @JsonCreator
    public static TransformIntent read(@JsonProperty("id") String id,
                                       @JsonProperty("created_at") String createdAt,
                                       @JsonProperty("updated_at") String updatedAt,
                                       @JsonProperty("step_id") String stepId,
                                       @JsonProperty("integration_id") String integrationId,
                                       @JsonProperty("name") String name,
                                       @JsonProperty("provider") String provider,
                                       @JsonProperty("completed") Object completed,
                                       @JsonProperty("events") List<TransformEvent> events) {
        return new TransformIntent(id, createdAt, updatedAt, stepId, integrationId, name, provider,
                WireValues.bool(completed), WireValues.list(events));
    }

    /** The intent's events, never {@code null}. */
    public List<TransformEvent> eventList() {
        return events == null ? List.of() : events;
    }
}
