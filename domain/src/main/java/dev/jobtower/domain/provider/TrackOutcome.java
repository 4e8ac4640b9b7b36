package dev.jobtower.domain.provider;

import dev.jobtower.domain.job.VendorJob;

import java.util.List;

/**
 * What a vendor holds under an id a user asked to track.
 *
 * @param jobs      the jobs found, newest first (one for most vendors; every run of an anon job)
 * @param watchedId an id whose future jobs discovery must keep following (an anon job id), else {@code null}
 */
public record TrackOutcome(List<VendorJob> jobs, String watchedId) {
    public TrackOutcome {
        jobs = List.copyOf(jobs);
    }

    public static TrackOutcome single(VendorJob job) {
        return new TrackOutcome(List.of(job), null);
    }
}
