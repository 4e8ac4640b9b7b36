package dev.jobtower.app.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import dev.jobtower.app.settings.LimitSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request rate per API key: a token bucket (bucket4j) of {@code jobtower.rate-limit} requests per
 * second holding at most {@code jobtower.rate-limit-burst}, kept in this instance's memory (a limit
 * per instance). Buckets are keyed by the key's SHA-256, never the key itself, and bounded in number:
 * when there are more than {@code jobtower.rate-limit-max-keys}, buckets that have refilled to full
 * (a full bucket is the same as a new one) are dropped first; if every one is in use, all are dropped.
 * Time is read from the application's {@link Clock}, so tests can move it.
 */
@Singleton
public class RequestRateLimits {
    private final Clock clock;
    private final long rate;
    private final long burst;
    private final int maxKeys;
    private final TimeMeter time;
    private final Map<ByteBuffer, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    public RequestRateLimits(Clock clock, LimitSettings settings) {
        this(clock, settings.rateLimit(), settings.rateLimitBurst(), settings.rateLimitMaxKeys());
    }

    public RequestRateLimits(Clock clock, long rate, long burst, int maxKeys) {
        if (rate <= 0 || burst <= 0) {
            throw new IllegalArgumentException("JOBTOWER_RATE_LIMIT and JOBTOWER_RATE_LIMIT_BURST must be positive");
        }
        this.clock = clock;
        this.rate = rate;
        this.burst = burst;
        this.maxKeys = Math.max(1, maxKeys);
        this.time = new ClockTime(clock);
    }

    /**
     * The outcome of one request: {@code remaining} tokens after it, {@code resetSeconds} until the
     * bucket is full again, and when refused, {@code retryAt} (the next token).
     */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, Instant retryAt) {
    }

    /** Takes one token from the bucket of the key with this hash. */
    public Decision take(byte[] keyHash) {
        ByteBuffer key = ByteBuffer.wrap(keyHash.clone());
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                evict();
            }
            bucket = buckets.computeIfAbsent(key, k -> newBucket());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long reset = seconds(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) {
            return new Decision(true, burst, probe.getRemainingTokens(), reset, null);
        }
        Instant retryAt = clock.instant().plusNanos(probe.getNanosToWaitForRefill());
        return new Decision(false, burst, 0, reset, retryAt);
    }

    /** How many buckets are held (for tests of the bound). */
    int size() {
        return buckets.size();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(rate, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    private synchronized void evict() {
        if (buckets.size() < maxKeys) {
            return;
        }
        buckets.values().removeIf(b -> b.getAvailableTokens() >= burst);
        if (buckets.size() >= maxKeys) {
            buckets.clear(); // every key busy: forgetting them is lenient, growing without bound is not
        }
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** bucket4j's time source read from the application clock. */
    private record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
