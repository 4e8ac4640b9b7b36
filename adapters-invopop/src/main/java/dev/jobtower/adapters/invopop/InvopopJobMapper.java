package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.vendor.LenientInstants;
import dev.jobtower.adapters.invopop.wire.TransformFault;
import dev.jobtower.adapters.invopop.wire.TransformFile;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.domain.job.Attachment;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.VendorJob;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Invopop job as a unified {@link VendorJob}: {@code type} is the workflow id, {@code name} the workflow's
 * name, intents become steps, the status follows {@link InvopopStatusMapping}, and {@code vendorUpdatedAt} is
 * {@code updated_at}. The envelope is not kept; {@code attributes} says whether there was one, and how big.
 */
final class InvopopJobMapper {
    /** Attribute names: stable, listed in the README. */
    static final String SILO_ENTRY_ID = "siloEntryId";
    static final String KEY = "key";
    static final String WORKFLOW_ID = "workflowId";
    static final String HAS_ENVELOPE = "hasEnvelope";
    static final String ENVELOPE_SIZE = "envelopeSize";
    static final String ARGS = "args";

    private InvopopJobMapper() {
    }

    /** @param workflowName the workflow's name, or {@code null} when it could not be read */
    static VendorJob toVendorJob(InvopopPayload payload, String workflowName) {
        TransformJob job = payload.job();
        Instant completedAt = LenientInstants.parse(job.completedAt());
        List<Step> steps = InvopopIntentMapper.steps(job.intentList());
        return VendorJob.builder(job.id())
                .type(blankToNull(job.workflowId()))
                .name(workflowName)
                .status(InvopopStatusMapping.jobStatus(InvopopStatusMapping.factsOf(job, completedAt != null)))
                .vendorStatus(job.status())
                .createdAt(LenientInstants.parse(job.createdAt()))
                .startedAt(startedAt(steps))
                .completedAt(completedAt)
                .vendorUpdatedAt(LenientInstants.parse(job.updatedAt()))
                .params(params(job))
                .tags(job.tags())
                .attributes(attributes(payload))
                .steps(steps)
                .attachments(job.attachmentList().stream().map(InvopopJobMapper::attachment).toList())
                .faults(job.faultList().stream().map(InvopopJobMapper::fault).toList())
                .rawPayload(payload.rawPayload())
                .build();
    }

    /** When the first step began: the start of the first step that has one. Invopop has no job-level start time. */
    private static Instant startedAt(List<Step> steps) {
        return steps.stream().map(Step::startedAt).filter(t -> t != null).findFirst().orElse(null);
    }

    /** What was requested, as far as the job shows it, in the API's camelCase: the input and the key. */
    static Map<String, Object> params(TransformJob job) {
        Map<String, Object> params = new LinkedHashMap<>();
        putIfPresent(params, SILO_ENTRY_ID, job.siloEntryId());
        if (job.args() != null && !job.args().isEmpty()) {
            params.put(ARGS, job.args());
        }
        putIfPresent(params, KEY, job.key());
        return params;
    }

    /** Invopop's own facts, always under the same five names (a missing one is {@code null}). */
    static Map<String, Object> attributes(InvopopPayload payload) {
        TransformJob job = payload.job();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SILO_ENTRY_ID, blankToNull(job.siloEntryId()));
        attributes.put(KEY, blankToNull(job.key()));
        attributes.put(WORKFLOW_ID, blankToNull(job.workflowId()));
        attributes.put(HAS_ENVELOPE, payload.hasEnvelope());
        attributes.put(ENVELOPE_SIZE, payload.envelopeSize());
        return attributes;
    }

    static Attachment attachment(TransformFile f) {
        return new Attachment(f.id(), f.key(), f.name(), f.desc(), f.mime(), f.size(), f.hash(), f.url());
    }

    static Fault fault(TransformFault f) {
        return new Fault(f.provider(), f.code(), f.message(), f.paths());
    }

    private static void putIfPresent(Map<String, Object> map, String name, String value) {
        if (value != null && !value.isBlank()) {
            map.put(name, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
