package dev.jobtower.app.retention;

import dev.jobtower.app.settings.IdempotencySettings;
import dev.jobtower.app.settings.WebhookInboxSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.ConversionService;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * How long finished data is kept (API.md "Durability and data lifecycle"): a zero window keeps forever.
 * {@code JOBTOWER_RETENTION_TERMINAL_JOBS} (default 0), {@code JOBTOWER_RETENTION_RAW} (30d),
 * {@code JOBTOWER_WEBHOOKS_RETENTION} (7d), {@code JOBTOWER_IDEMPOTENCY_RETENTION} (24h); the sweep runs
 * every {@code JOBTOWER_RETENTION_INTERVAL} and deletes at most {@code JOBTOWER_RETENTION_BATCH} rows per
 * transaction.
 */
@Singleton
public class RetentionSettings {
    private final Duration terminalJobs;
    private final Duration raw;
    private final Duration webhooks;
    private final Duration idempotency;
    private final int batch;
    private final int maxBatchesPerRun;

    /**
     * {@code jobtower.retention.*}, defaults in {@code application.yml}; the windows are text because a plain
     * {@code 0} (keep forever) is no duration to Micronaut's converter. ({@code enabled} and {@code interval}
     * steer the sweep's annotations.)
     */
    @ConfigurationProperties("jobtower.retention")
    public record Properties(@Bindable(defaultValue = "0") String terminalJobs,
                             @Bindable(defaultValue = "30d") String raw,
                             @Bindable(defaultValue = "500") int batch,
                             @Bindable(defaultValue = "200") int maxBatchesPerRun) {
    }

    @jakarta.inject.Inject
    public RetentionSettings(Properties retention, WebhookInboxSettings webhooks, IdempotencySettings idempotency,
                             ConversionService conversions) {
        this(window("jobtower.retention.terminal-jobs", retention.terminalJobs(), conversions),
                window("jobtower.retention.raw", retention.raw(), conversions),
                window("jobtower.webhooks.retention", webhooks.retention(), conversions),
                idempotency.retention(), retention.batch(), retention.maxBatchesPerRun());
    }

    public RetentionSettings(Duration terminalJobs, Duration raw, Duration webhooks, Duration idempotency,
                             int batch, int maxBatchesPerRun) {
        this.terminalJobs = requireNotNegative("jobtower.retention.terminal-jobs", terminalJobs);
        this.raw = requireNotNegative("jobtower.retention.raw", raw);
        this.webhooks = requireNotNegative("jobtower.webhooks.retention", webhooks);
        this.idempotency = requireNotNegative("jobtower.idempotency.retention", idempotency);
        if (batch < 1 || maxBatchesPerRun < 1) {
            throw new IllegalArgumentException("jobtower.retention.batch and max-batches-per-run must be at least 1");
        }
        this.batch = batch;
        this.maxBatchesPerRun = maxBatchesPerRun;
    }

    /** A window as written: a plain {@code 0} (which Micronaut's duration converter does not take) or a duration. */
    static Duration window(String name, String text, ConversionService conversions) {
        String value = text == null ? "" : text.strip();
        if (value.matches("0+")) {
            return Duration.ZERO;
        }
        return conversions.convert(value, Duration.class).orElseThrow(() -> new IllegalArgumentException(
                name + " must be 0 (keep forever) or a duration such as 24h, 7d, 30d; got '" + value + "'"));
    }

    private static Duration requireNotNegative(String name, Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException(name + " must be a duration of 0 (keep forever) or more");
        }
        return window;
    }

    private static Optional<Duration> window(Duration d) {
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    /** How long a terminal job is kept after its last change; empty: forever. */
    public Optional<Duration> terminalJobs() {
        return window(terminalJobs);
    }

    /** How long a terminal job's raw payload is kept after its last change; empty: forever. */
    public Optional<Duration> raw() {
        return window(raw);
    }

    /** How long a processed webhook inbox row is kept; empty: forever. */
    public Optional<Duration> webhooks() {
        return window(webhooks);
    }

    /** How long an Idempotency-Key answer is kept; empty: forever. */
    public Optional<Duration> idempotency() {
        return window(idempotency);
    }

    /** At most this many rows go per transaction. */
    public int batch() {
        return batch;
    }

    /** At most this many batches of each kind per sweep (the next sweep goes on). */
    public int maxBatchesPerRun() {
        return maxBatchesPerRun;
    }
}
