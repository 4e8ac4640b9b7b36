package dev.jobtower.adapters.anon.wire;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One execution of a job ({@code GET /api/v2/job-runs/{id}}, assumed). Only {@code status} and
 * {@code jobConfigJsonSnapshot} are documented; the other names are assumptions, and
 * {@code workflowRuns} may be absent (the runs are then listed separately).
 */
@Serdeable
public record AnonJobRun(
        @Nullable String id,
        @Nullable String jobId,
        @Nullable String organizationId,
        @Nullable String status,
        @Nullable AnonJobConfig jobConfigJsonSnapshot,
        @Nullable String createdAt,
        @Nullable String updatedAt,
        @Nullable String startedAt,
        @Nullable String completedAt,
        @Nullable List<AnonWorkflowRun> workflowRuns) {
}
