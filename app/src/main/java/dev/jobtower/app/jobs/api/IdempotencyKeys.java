package dev.jobtower.app.jobs.api;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.app.problem.Problem;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.app.settings.IdempotencySettings;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code Idempotency-Key} for enqueues, scoped per tenant and kept 24 h: a repeat answers the first
 * answer again without calling the vendor; a different body is 422; a repeat while the first is in
 * flight is 409. Only answers that a retry should see again are stored (200/201, and the request's
 * own 400/404/422, see {@link #storable(Problem)}); after a 429/502/503 or a {@code vendor-rejected}
 * the key is released so a retry can go through.
 */
@Singleton
public class IdempotencyKeys {
    public static final int MAX_KEY_LENGTH = 255;

    private final Database db;
    private final Clock clock;
    private final Duration retention;
    private final Duration inFlightTimeout;

    public IdempotencyKeys(Database db, Clock clock, IdempotencySettings settings) {
        this.db = db;
        this.clock = clock;
        this.retention = settings.retention();
        this.inFlightTimeout = settings.inFlightTimeout();
    }

    /** What a key says about a request. */
    public sealed interface Claim permits Fresh, Replay, InFlight, Mismatch {
    }

    /**
     * Go ahead, then {@link #complete} or {@link #release}.
     *
     * @param pendingExternalId the id an earlier, in-doubt attempt pre-assigned: send it again, or null
     */
    public record Fresh(String pendingExternalId) implements Claim {
    }

    /** Seen before with this body: answer this again. */
    public record Replay(int status, String body) implements Claim {
    }

    /** The first request with this key is still being answered. */
    public record InFlight() implements Claim {
    }

    /** Seen before with another body. */
    public record Mismatch() implements Claim {
    }

    public Claim claim(TenantId tenant, String key, byte[] requestHash) {
        return db.write(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from idempotency_key where tenant_id = ? and key = ? and created_at < ?")) {
                Rows.bind(ps, tenant.value(), key, now.minus(retention));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into idempotency_key (tenant_id, key, request_hash, "
                    + "created_at) values (?, ?, ?, ?) on conflict do nothing")) {
                Rows.bind(ps, tenant.value(), key, requestHash, now);
                if (ps.executeUpdate() == 1) {
                    return new Fresh(null);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select request_hash, status_code, response_body, released, "
                    + "pending_external_id, created_at from idempotency_key where tenant_id = ? and key = ? for update")) {
                Rows.bind(ps, tenant.value(), key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new InFlight();
                    }
                    if (!MessageDigest.isEqual(rs.getBytes("request_hash"), requestHash)) {
                        return new Mismatch();
                    }
                    int status = rs.getInt("status_code");
                    if (!rs.wasNull()) {
                        return new Replay(status, rs.getString("response_body"));
                    }
                    boolean released = rs.getBoolean("released");
                    boolean abandoned = Rows.instant(rs, "created_at").isBefore(now.minus(inFlightTimeout));
                    if (!released && !abandoned) {
                        return new InFlight();
                    }
                    String pending = rs.getString("pending_external_id");
                    try (PreparedStatement take = c.prepareStatement("update idempotency_key set released = false, "
                            + "created_at = ? where tenant_id = ? and key = ?")) {
                        Rows.bind(take, now, tenant.value(), key);
                        take.executeUpdate();
                    }
                    return new Fresh(pending);
                }
            }
        });
    }

    public void complete(TenantId tenant, String key, int status, String body) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update idempotency_key set status_code = ?, "
                    + "response_body = ? where tenant_id = ? and key = ?")) {
                Rows.bind(ps, status, body, tenant.value(), key);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Records, durably and before anything else is stored, the job the vendor just created for this key:
     * a retry after a crash or a failed store then resumes with that job instead of creating another.
     */
    public void vendorCreated(TenantId tenant, String key, String externalId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update idempotency_key set pending_external_id = ? "
                    + "where tenant_id = ? and key = ? and status_code is null")) {
                Rows.bind(ps, externalId, tenant.value(), key);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Lets a retry through after an answer that is not kept (429, 502, 503).
     *
     * @param pendingExternalId the id an in-doubt create pre-assigned, kept for the retry; or null
     */
    public void release(TenantId tenant, String key, String pendingExternalId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update idempotency_key set released = true, "
                    + "pending_external_id = coalesce(?, pending_external_id) where tenant_id = ? and key = ? "
                    + "and status_code is null")) {
                Rows.bind(ps, pendingExternalId, tenant.value(), key);
                return ps.executeUpdate();
            }
        });
    }

    /** Whether an answer with this status is kept for repeats. */
    public static boolean storable(int status) {
        return status == 200 || status == 201 || status == 400 || status == 404 || status == 422;
    }

    /**
     * Whether a problem answer is kept for repeats, decided by its type: only problems the request
     * itself causes ({@code validation}, {@code not-found}) are kept, so a retry of the same request
     * gets the same answer. Problems that depend on the vendor or the connection's state at the time
     * ({@code vendor-rejected}: the customer may fix the credentials; {@code rate-limited},
     * {@code vendor-unavailable}, {@code provider-*}) release the key, so a retry goes through.
     */
    public static boolean storable(Problem problem) {
        return storable(problem.status()) && STORED_PROBLEM_TYPES.contains(problem.type());
    }

    private static final java.util.Set<String> STORED_PROBLEM_TYPES = java.util.Set.of(
            Problem.of("validation", "", 400, "").type(), Problem.of("not-found", "", 404, "").type());
}
