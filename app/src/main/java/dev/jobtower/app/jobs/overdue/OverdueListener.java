package dev.jobtower.app.jobs.overdue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Told, inside the sweep's transaction, of the jobs that just became overdue (each exactly once).
 * The seam for the {@code job.overdue} notification (API.md "Notifications"): an outbox writes its
 * messages here on {@code connection}, so they commit or roll back with the overdue mark.
 */
public interface OverdueListener {
    void becameOverdue(Connection connection, List<OverdueJob> jobs) throws SQLException;
}
