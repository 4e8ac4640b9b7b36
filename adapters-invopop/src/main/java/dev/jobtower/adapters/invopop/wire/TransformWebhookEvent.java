package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The fixed body a workflow's "Send Webhook" step posts. It is a signal: the job it names is re-read.
 * {@code event} is the name configured in the step (e.g. {@code success}, {@code error}).
 */
@Serdeable
public record TransformWebhookEvent(
        @JsonProperty("id") String id,
        @JsonProperty("event") String event,
        @JsonProperty("transform_job_id") String transformJobId,
        @JsonProperty("silo_entry_id") String siloEntryId,
        @JsonProperty("owner_id") String ownerId,
        @JsonProperty("key") String key,
        @JsonProperty("args") Map<String, String> args,
        @JsonProperty("faults") List<TransformFault> faults) {
}
