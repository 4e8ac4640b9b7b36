package dev.jobtower.adapters.anon.wire;

import io.micronaut.serde.annotation.Serdeable;

/** The body that starts a run of a job ({@code POST /api/v2/job-runs}, assumed). */
@Serdeable
public record AnonStartJobRun(String jobId) {
}
