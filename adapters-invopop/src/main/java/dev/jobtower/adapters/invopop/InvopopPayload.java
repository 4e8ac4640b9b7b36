package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job body as read from Invopop: the wire job, and the JSON Jobtower keeps for {@code /raw}, which is the
 * vendor's JSON without {@code envelope} (the GOBL envelope can be large and is not Jobtower's to store).
 *
 * @param rawPayload   the job's JSON without {@code envelope}
 * @param hasEnvelope  the body carried a non-null {@code envelope}
 * @param envelopeSize the size in bytes of that envelope as compact UTF-8 JSON, or {@code null} without one
 */
record InvopopPayload(TransformJob job, String rawPayload, boolean hasEnvelope, Long envelopeSize) {
    static final String ENVELOPE = "envelope";

    /** Reads a job body. @throws VendorUnavailable {@code MALFORMED} for anything that is not a job object with an id */
    static InvopopPayload read(JsonMapper json, byte[] body) {
        JsonNode tree = InvopopJson.tree(json, body);
        if (!tree.isObject()) {
            throw malformed(null);
        }
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        JsonNode envelope = null;
        for (Map.Entry<String, JsonNode> field : tree.entries()) {
            if (ENVELOPE.equals(field.getKey())) {
                envelope = field.getValue();
            } else {
                kept.put(field.getKey(), field.getValue());
            }
        }
        try {
            JsonNode withoutEnvelope = JsonNode.createObjectNode(kept);
            TransformJob job = json.readValueFromTree(withoutEnvelope, TransformJob.class);
            if (job == null || job.id() == null || job.id().isBlank()) {
                throw malformed(null);
            }
            ProviderRef.requireExternalId(job.id());
            boolean hasEnvelope = envelope != null && !envelope.isNull();
            Long envelopeSize = hasEnvelope ? (long) json.writeValueAsBytes(envelope).length : null;
            return new InvopopPayload(job, json.writeValueAsString(withoutEnvelope), hasEnvelope, envelopeSize);
        } catch (IOException | RuntimeException e) {
            if (e instanceof VendorUnavailable v) {
                throw v;
            }
            throw malformed(e);
        }
    }

    static VendorUnavailable malformed(Throwable cause) {
        return new VendorUnavailable(FailureCategory.MALFORMED, null, true, null, cause);
    }
}
