package dev.jobtower.adapters.anon.wire;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One execution of one workflow inside a job run ({@code GET /api/v2/workflow-runs/{id}}). */
@Serdeable
public record AnonWorkflowRun(
        @Nullable String id,
        @Nullable String workflowId,
        @Nullable String status,
        @Nullable String completedAt,
        @Nullable String createdAt,
        @Nullable String updatedAt,
        @Nullable String createdByUserId,
        @Nullable String jobRunId,
        @Nullable String currentStateName) {
}
