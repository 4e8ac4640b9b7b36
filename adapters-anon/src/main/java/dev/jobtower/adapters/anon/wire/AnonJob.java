package dev.jobtower.adapters.anon.wire;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A job definition ({@code GET /api/v2/jobs/{jobId}}): a named, ordered list of workflows. It has no
 * status; what runs is a {@link AnonJobRun}.
 */
@Serdeable
public record AnonJob(
        @Nullable String id,
        @Nullable String name,
        @Nullable String createdAt,
        @Nullable String updatedAt,
        @Nullable String organizationId,
        @Nullable String sourceProvider,
        @Nullable String createdByUserId,
        @Nullable String updatedByUserId,
        @Nullable AnonJobConfig jobConfigJson) {
}
