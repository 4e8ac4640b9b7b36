package dev.jobtower.adapters.anon.wire;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A job's configuration ({@code jobConfigJson}) or a run's copy of it ({@code jobConfigJsonSnapshot}). */
@Serdeable
public record AnonJobConfig(@Nullable List<String> workflowExecutionOrder) {
}
