package dev.jobtower.domain.query;

import dev.jobtower.domain.job.Job;

import java.util.List;

/** One page of a listing and where the next one starts ({@code null} on the last page). */
public record JobPage(List<Job> items, Keyset next) {
    public JobPage {
        items = List.copyOf(items);
    }
}
