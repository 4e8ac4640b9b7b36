package dev.jobtower.app.jobs.store;

import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told of every (status, statusReason) change inside the job write's own transaction, so what it
 * stores (outbound webhook messages) commits or rolls back with the change itself.
 */
public interface JobChangeOutbox {
    /**
     * @param previousStatus null when the job was first stored by this write
     */
    void statusChanged(Connection c, Job job, JobStatus previousStatus, StatusReason previousReason) throws SQLException;
}
