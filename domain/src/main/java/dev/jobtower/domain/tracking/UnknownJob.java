package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.JobId;

/** The job is unknown to the tenant. */
public final class UnknownJob extends RuntimeException {
    public UnknownJob(JobId id) {
        super("job " + id + " was not found", null, false, false);
    }
}
