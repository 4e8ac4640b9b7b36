package dev.jobtower.app.notifications;

import dev.jobtower.app.jobs.overdue.OverdueJob;
import dev.jobtower.app.jobs.overdue.OverdueListener;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code job.overdue} messages (API.md "Notifications"): written by the overdue sweep's transaction, so a
 * job that becomes overdue is announced exactly once, and never without the mark (nor the mark without it).
 */
@Singleton
public class OverdueNotifications implements OverdueListener {
    private final WebhookOutbox outbox;
    private final PostgresJobStore jobs;

    public OverdueNotifications(WebhookOutbox outbox, PostgresJobStore jobs) {
        this.outbox = outbox;
        this.jobs = jobs;
    }

    @Override
    public void becameOverdue(Connection c, List<OverdueJob> marked) throws SQLException {
        for (OverdueJob overdue : marked) {
            var job = jobs.findIn(c, overdue.tenantId(), overdue.id());
            if (job.isPresent()) {
                // an overdue job keeps its status: "previous" is where it stands
                outbox.announce(c, WebhookEndpoint.OVERDUE, job.get(), job.get().status(), job.get().statusReason());
            }
        }
    }
}
