package dev.jobtower.app.jobs.events;

import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.query.JobFilter;

import java.time.Instant;
import java.util.Locale;

/**
 * A {@link JobFilter} applied to one job in memory, with the list's meaning (JobListSql): sets match
 * any member, {@code …After} is inclusive, {@code …Before} exclusive, {@code q} is a case-insensitive
 * substring of name, type or external id.
 */
public final class JobFilterMatch {
    private JobFilterMatch() {
    }

    public static boolean matches(JobFilter f, Job job) {
        if (!f.providers().isEmpty() && !f.providers().contains(job.provider())) {
            return false;
        }
        if (!f.statuses().isEmpty() && !f.statuses().contains(job.status())) {
            return false;
        }
        if (!f.statusReasons().isEmpty() && (job.statusReason() == null || !f.statusReasons().contains(job.statusReason()))) {
            return false;
        }
        if (!f.types().isEmpty() && (job.type() == null || !f.types().contains(job.type()))) {
            return false;
        }
        if (!f.connectionIds().isEmpty() && !f.connectionIds().contains(job.connectionId())) {
            return false;
        }
        if (f.externalId() != null && !f.externalId().equals(job.externalId())) {
            return false;
        }
        if (!inRange(job.createdAt(), f.createdAfter(), f.createdBefore())
                || !inRange(job.updatedAt(), f.updatedAfter(), f.updatedBefore())) {
            return false;
        }
        if ((f.completedAfter() != null || f.completedBefore() != null)
                && (job.completedAt() == null || !inRange(job.completedAt(), f.completedAfter(), f.completedBefore()))) {
            return false;
        }
        if (f.overdue() != null && f.overdue() != job.overdue()) {
            return false;
        }
        if (f.q() != null && !f.q().isEmpty()) {
            String q = f.q().toLowerCase(Locale.ROOT);
            return contains(job.name(), q) || contains(job.type(), q) || contains(job.externalId(), q);
        }
        return true;
    }

    private static boolean inRange(Instant value, Instant after, Instant before) {
        return (after == null || !value.isBefore(after)) && (before == null || value.isBefore(before));
    }

    private static boolean contains(String field, String lowerQ) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(lowerQ);
    }
}
