package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.vendor.LenientInstants;
import dev.jobtower.adapters.invopop.wire.TransformEvent;
import dev.jobtower.adapters.invopop.wire.TransformIntent;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.StepEvent;

import java.time.Instant;
import java.util.List;

/**
 * An Invopop intent (one executed workflow step) as a unified {@link Step}. Current intents carry
 * {@code name}/{@code provider}; legacy ones only {@code integration_id}, so their step has no name.
 */
final class InvopopIntentMapper {
    private InvopopIntentMapper() {
    }

    static List<Step> steps(List<TransformIntent> intents) {
        return intents.stream().map(InvopopIntentMapper::step).toList();
    }

    static Step step(TransformIntent intent) {
        List<TransformEvent> events = intent.eventList();
        TransformEvent first = events.isEmpty() ? null : events.get(0);
        TransformEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        boolean completed = Boolean.TRUE.equals(intent.completed());
        String lastWord = last == null ? null : last.status();
        JobStatus status = InvopopStatusMapping.stepStatus(lastWord, completed);

        Instant startedAt = first != null && LenientInstants.parse(first.at()) != null
                ? LenientInstants.parse(first.at()) : LenientInstants.parse(intent.createdAt());
        Instant completedAt = null;
        if (completed || status.isTerminal()) {
            completedAt = last != null && LenientInstants.parse(last.at()) != null
                    ? LenientInstants.parse(last.at()) : LenientInstants.parse(intent.updatedAt());
        }
        String name = intent.name() != null && !intent.name().isBlank() ? intent.name() : intent.provider();
        return new Step(intent.id(), name, status, lastWord, startedAt, completedAt,
                events.stream().map(InvopopIntentMapper::event).toList());
    }

    static StepEvent event(TransformEvent e) {
        return new StepEvent(e.index(), LenientInstants.parse(e.at()), e.status(), e.code(), e.message());
    }
}
