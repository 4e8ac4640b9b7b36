package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.wire.TransformEvent;
import dev.jobtower.adapters.invopop.wire.TransformIntent;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.UnifiedStatus;

import java.util.List;
import java.util.Locale;

/**
 * Invopop's job and step words in the unified vocabulary: the ordered rules of REFERENCE.md 5.3.
 *
 * <p>A job is derived from whether it completed, its {@code status} text, its faults and the last event of
 * its last intent; the first rule that matches wins. Two readings go beyond the table, both for words
 * the table knows in places it does not list them: while a job has no events, its own status text
 * (the "last known status") stands in for the last event; and an unfinished job whose last event is
 * {@code KO} is {@code RUNNING} (its rescue flow has yet to run), since rule 9 is meant for unknown words.
 */
public final class InvopopStatusMapping {
    private InvopopStatusMapping() {
    }

    /**
     * The facts of a job that decide its status.
     *
     * @param completed      {@code completed_at} holds a time (an unparseable one counts as absent)
     * @param jobStatus      the job's {@code status}, verbatim, or {@code null}
     * @param hasFaults      {@code faults} is non-empty
     * @param lastEvent      the status of the last event of the last intent, or {@code null} when there is none
     */
    public record JobFacts(boolean completed, String jobStatus, boolean hasFaults, String lastEvent) {
    }

    /** The facts of a wire job; {@code completed} is decided by the caller, who parses {@code completed_at}. */
    public static JobFacts factsOf(TransformJob job, boolean completed) {
        return new JobFacts(completed, job.status(), !job.faultList().isEmpty(), lastEventStatus(job.intentList()));
    }

    /** The status of the last event of the last intent, or {@code null} when the last intent has no events. */
    static String lastEventStatus(List<TransformIntent> intents) {
        if (intents.isEmpty()) {
            return null;
        }
        List<TransformEvent> events = intents.get(intents.size() - 1).eventList();
        return events.isEmpty() ? null : events.get(events.size() - 1).status();
    }

    /** The unified status of a job (REFERENCE.md 5.3, rules 1 to 9 in order). */
    public static UnifiedStatus jobStatus(JobFacts facts) {
        String job = word(facts.jobStatus());
        String last = word(facts.lastEvent());
        if (facts.completed()) {
            if ("CANCEL".equals(job)) {                                                    // rule 1
                return UnifiedStatus.of(JobStatus.CANCELLED);
            }
            if (facts.hasFaults() || "KO".equals(job) || "KO".equals(last)) {              // rule 2
                return UnifiedStatus.of(JobStatus.FAILED, StatusReason.VENDOR_ERROR);
            }
            if ("SKIP".equals(last)) {                                                     // rule 3
                return UnifiedStatus.of(JobStatus.SUCCEEDED, StatusReason.NO_OP);
            }
            return UnifiedStatus.of(JobStatus.SUCCEEDED);                                  // rule 4
        }
        String signal = last != null ? last : job;
        if ("ERR".equals(signal)) {                                                        // rule 5
            return UnifiedStatus.of(JobStatus.RUNNING, StatusReason.RETRYING);
        }
        if ("QUEUED".equals(signal) || "POKE".equals(signal)) {                            // rule 6
            return UnifiedStatus.of(JobStatus.WAITING, StatusReason.EXTERNAL_PENDING);
        }
        if (last == null && (job == null || "NA".equals(job))) {                           // rule 7
            return UnifiedStatus.of(JobStatus.QUEUED);
        }
        if (signal != null && switch (signal) {                                           // rule 8
            case "RUN", "OK", "SKIP", "CANCEL", "KO" -> true;
            default -> false;
        }) {
            return UnifiedStatus.of(JobStatus.RUNNING);
        }
        return UnifiedStatus.unknown();                                                    // rule 9
    }

    /**
     * The unified status of one step, from the word of its last event ({@code null} when it has none) and
     * the intent's {@code completed} flag. A step has no reason: {@code ERR} is running (retried),
     * {@code QUEUED}/{@code POKE} waiting on an outside system, {@code SKIP} a success that did nothing.
     */
    public static JobStatus stepStatus(String lastEvent, boolean completed) {
        String w = word(lastEvent);
        if (w == null || "NA".equals(w)) {
            return JobStatus.QUEUED;
        }
        return switch (w) {
            case "RUN", "ERR" -> JobStatus.RUNNING;
            case "OK", "SKIP" -> JobStatus.SUCCEEDED;
            case "KO" -> JobStatus.FAILED;
            case "QUEUED", "POKE" -> JobStatus.WAITING;
            case "CANCEL" -> completed ? JobStatus.CANCELLED : JobStatus.RUNNING;
            default -> JobStatus.UNKNOWN;
        };
    }

    /** A vendor word for matching: trimmed, upper case; blank is absent. The verbatim word is kept elsewhere. */
    private static String word(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.strip().toUpperCase(Locale.ROOT);
    }
}
