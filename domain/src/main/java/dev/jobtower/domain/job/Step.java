package dev.jobtower.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One part of a job (an Invopop intent, an anon workflow run), in execution order. */
public record Step(String id, String name, JobStatus status, String vendorStatus,
                   Instant startedAt, Instant completedAt, List<StepEvent> events) {
    public Step {
        Objects.requireNonNull(status, "step status");
        events = events == null ? List.of() : List.copyOf(events);
    }
}
