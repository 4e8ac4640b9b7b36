package dev.jobtower.app.notifications;

import dev.jobtower.app.db.Rows;
import dev.jobtower.app.jobs.api.JobSummaryView;
import dev.jobtower.app.jobs.api.JobViews;
import dev.jobtower.app.jobs.store.JobChangeOutbox;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox: writes one message per matching enabled endpoint in the caller's
 * transaction, so a job change is never announced without being stored, nor stored without being
 * announced. A tenant with no matching endpoint costs one indexed look-up per change.
 */
@Singleton
public class WebhookOutbox implements JobChangeOutbox {
    private final JsonMapper json;
    private final Clock clock;

    public WebhookOutbox(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** The body of a job message: what receivers parse. */
    @Serdeable
    public record JobMessage(String type, Instant timestamp, Data data) {
        @Serdeable
        public record Data(long sequence, JobSummaryView job, Previous previous) {
        }

        @Serdeable
        public record Previous(JobStatus status, StatusReason statusReason) {
        }
    }

    @Override
    public void statusChanged(Connection c, Job job, JobStatus previousStatus, StatusReason previousReason)
            throws SQLException {
        announce(c, WebhookEndpoint.STATUS_CHANGED, job, previousStatus, previousReason);
    }

    /**
     * Writes a message of {@code eventType} (e.g. {@link WebhookEndpoint#OVERDUE}) about {@code job} for
     * every enabled endpoint of its tenant that wants it, inside the caller's transaction; the job row
     * must already carry the change's number. Returns how many messages were written.
     */
    public int announce(Connection c, String eventType, Job job, JobStatus previousStatus, StatusReason previousReason)
            throws SQLException {
        List<UUID> endpoints = new ArrayList<>();
        long sequence = 0;
        try (PreparedStatement ps = c.prepareStatement("select e.id, (select change_seq from job where id = ?) as seq "
                + "from webhook_endpoint e where e.tenant_id = ? and e.enabled and ? = any(e.events) "
                + "and (cardinality(e.filter_provider) = 0 or ? = any(e.filter_provider)) "
                + "and (cardinality(e.filter_status) = 0 or ? = any(e.filter_status)) "
                + "and (cardinality(e.filter_type) = 0 or ? = any(e.filter_type)) "
                + "and (cardinality(e.filter_connection) = 0 or ?::uuid = any(e.filter_connection))")) {
            Rows.bind(ps, job.id().value(), job.tenantId().value(), eventType, job.provider().wireName(),
                    job.status().name(), job.type(), job.connectionId().value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    endpoints.add(Rows.uuid(rs, "id"));
                    sequence = rs.getLong("seq");
                }
            }
        }
        if (endpoints.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        String body = write(new JobMessage(eventType, now, new JobMessage.Data(sequence, JobViews.summary(job),
                new JobMessage.Previous(previousStatus, previousReason))));
        try (PreparedStatement ps = c.prepareStatement("insert into webhook_message (id, endpoint_id, event_type, job_id, "
                + "body, status, next_attempt_at, created_at) select gen_random_uuid(), e, ?, ?, ?, 'pending', ?, ? "
                + "from unnest(?::uuid[]) e")) {
            Rows.bind(ps, eventType, job.id().value(), body, now, now, endpoints.toArray(UUID[]::new));
            return ps.executeUpdate();
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
