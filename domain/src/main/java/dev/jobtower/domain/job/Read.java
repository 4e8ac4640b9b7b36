package dev.jobtower.domain.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One read that produced a copy of a job: what made Jobtower read it, when the read started (orders
 * copies without a vendor time), when the copy is applied, and whether it came from the vendor at all.
 *
 * @param startedAt  when the read started
 * @param appliedAt  when the copy is applied (the time of its history row, of {@code updatedAt} and of
 *                   {@code syncedAt})
 * @param fromVendor false for a copy Jobtower made itself (a job stored before its create call, a create
 *                   settled as failed): it proves nothing about the vendor, so it neither sets
 *                   {@code syncedAt} nor clears {@code stale}
 */
public record Read(Source source, Instant startedAt, Instant appliedAt, boolean fromVendor) {
    public Read {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }
}
