package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.wire.TransformEvent;
import dev.jobtower.adapters.invopop.wire.TransformFault;
import dev.jobtower.adapters.invopop.wire.TransformFile;
import dev.jobtower.adapters.invopop.wire.TransformIntent;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.adapters.invopop.wire.TransformJobCollection;
import dev.jobtower.adapters.invopop.wire.TransformWorkflow;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test-data builders for Invopop's wire format, in the shape of REFERENCE.md 3.8:
 * {@code aJob().running().build()}, {@code aJob().completed().withFault("verifactu", "1105", "...")}.
 */
final class TransformJobs {
    static final String WORKFLOW_ID = "46e84a39-72cc-40ba-9b32-ac0feefa4833";
    static final String WORKFLOW_NAME = "Send to SDI";
    static final String SILO_ENTRY_ID = "082ded41-31f7-429a-a740-0d2b7cc5707f";
    static final Instant T0 = Instant.parse("2026-04-30T08:39:18.549Z");

    private TransformJobs() {
    }

    static Builder aJob() {
        return new Builder();
    }

    /** A new, time-based (v1-shaped) job id, unique per call. */
    static String newJobId() {
        String u = UUID.randomUUID().toString();
        return u.substring(0, 14) + "1" + u.substring(15);
    }

    static TransformIntent anIntent(String name, String provider, boolean completed, TransformEvent... events) {
        return new TransformIntent(UUID.randomUUID().toString(), T0.toString(), T0.plusMillis(events.length).toString(),
                UUID.randomUUID().toString(), null, name, provider, completed ? Boolean.TRUE : null,
                List.of(events));
    }

    /** An intent of one step whose events carry the given words, one millisecond apart. */
    static TransformIntent anIntentWithEvents(String... words) {
        TransformEvent[] events = new TransformEvent[words.length];
        for (int i = 0; i < words.length; i++) {
            events[i] = anEvent(i, words[i], T0.plusMillis(i + 1));
        }
        String last = words.length == 0 ? null : words[words.length - 1];
        boolean done = last != null && (last.equals("OK") || last.equals("KO") || last.equals("SKIP"));
        return anIntent("PDF Generation", "pdf", done, events);
    }

    static TransformEvent anEvent(int index, String status, Instant at) {
        return new TransformEvent(index, status, at.toString(), null, null, null, null);
    }

    static TransformWorkflow aWorkflow(String id, String name) {
        return new TransformWorkflow(id, name, null, "bill/invoice", "IT", "3", T0.toString(), T0.toString());
    }

    static TransformJobCollection aPage(String nextCursor, TransformJob... jobs) {
        return new TransformJobCollection(List.of(jobs), null, 20, null, nextCursor);
    }

    static String json(JsonMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Builder {
        private String id = newJobId();
        private String createdAt = T0.toString();
        private String updatedAt = T0.plusSeconds(4).toString();
        private String completedAt;
        private String workflowId = WORKFLOW_ID;
        private String siloEntryId = SILO_ENTRY_ID;
        private String key;
        private String status;
        private Map<String, String> args;
        private List<String> tags;
        private final List<TransformIntent> intents = new ArrayList<>();
        private final List<TransformFault> faults = new ArrayList<>();
        private final List<TransformFile> attachments = new ArrayList<>();
        private Object envelope;

        Builder id(String v) { id = v; return this; }
        Builder createdAt(String v) { createdAt = v; return this; }
        Builder createdAt(Instant v) { createdAt = v.toString(); return this; }
        Builder updatedAt(String v) { updatedAt = v; return this; }
        Builder completedAt(String v) { completedAt = v; return this; }
        Builder workflowId(String v) { workflowId = v; return this; }
        Builder siloEntryId(String v) { siloEntryId = v; return this; }
        Builder key(String v) { key = v; return this; }
        Builder status(String v) { status = v; return this; }
        Builder args(Map<String, String> v) { args = new LinkedHashMap<>(v); return this; }
        Builder tags(String... v) { tags = Arrays.asList(v); return this; }
        Builder intent(TransformIntent v) { intents.add(v); return this; }
        Builder envelope(Object v) { envelope = v; return this; }

        Builder withFault(String provider, String code, String message) {
            faults.add(new TransformFault(provider, code, message, List.of("$.doc.supplier.tax_id")));
            return this;
        }

        Builder withPdf() {
            attachments.add(new TransformFile("b564ff94-7823-4f54-975e-280feb38df3f", "pdf", null, "invoice.pdf", null,
                    "application/pdf", 48211L, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                    null, "https://files.example/invoice.pdf"));
            return this;
        }

        /** No intents, no status: just accepted. */
        Builder queued() {
            status = null;
            completedAt = null;
            intents.clear();
            return this;
        }

        Builder running() {
            status = "RUN";
            completedAt = null;
            intents.clear();
            intents.add(anIntentWithEvents("RUN"));
            return this;
        }

        Builder succeeded() {
            status = "OK";
            completedAt = T0.plusSeconds(4).toString();
            intents.clear();
            intents.add(anIntentWithEvents("RUN", "OK"));
            return this;
        }

        Builder failed() {
            status = "KO";
            completedAt = T0.plusSeconds(4).toString();
            intents.clear();
            intents.add(anIntentWithEvents("RUN", "KO"));
            return withFault("verifactu", "1105", "supplier not registered");
        }

        TransformJob build() {
            return new TransformJob(id, createdAt, updatedAt, completedAt, workflowId, siloEntryId, key, status, args,
                    tags, List.copyOf(intents), List.copyOf(faults), List.copyOf(attachments), envelope);
        }
    }
}
