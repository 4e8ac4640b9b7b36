package dev.jobtower.app.jobs.events;

import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code JOBTOWER_EVENTS_MAX_STREAMS_PER_KEY}: how many event streams one API key (by its SHA-256) may
 * hold open on this instance, and how often an open stream re-checks that its key is still live
 * ({@code jobtower.events.key-check-interval}; with the 2 s key cache a revoked key's streams end
 * within 5 s on every instance).
 */
@Singleton
public class EventStreamLimits {
    private final int maxPerKey;
    private final Duration keyCheckInterval;
    private final Map<ByteBuffer, Integer> open = new ConcurrentHashMap<>();

    public EventStreamLimits(EventSettings settings) {
        this.maxPerKey = settings.maxStreamsPerKey();
        this.keyCheckInterval = settings.keyCheckInterval();
    }

    public int maxPerKey() {
        return maxPerKey;
    }

    public Duration keyCheckInterval() {
        return keyCheckInterval;
    }

    /** Takes one of the key's stream slots; false when all are taken. Give it back with {@link #close}. */
    public boolean tryOpen(byte[] keyHash) {
        boolean[] taken = {false};
        open.compute(ByteBuffer.wrap(keyHash.clone()), (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerKey) {
                return now;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryOpen}. */
    public void close(byte[] keyHash) {
        open.computeIfPresent(ByteBuffer.wrap(keyHash), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Streams open with this key now. */
    public int openWith(byte[] keyHash) {
        return open.getOrDefault(ByteBuffer.wrap(keyHash), 0);
    }
}
