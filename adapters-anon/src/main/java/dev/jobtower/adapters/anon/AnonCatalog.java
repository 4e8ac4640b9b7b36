package dev.jobtower.adapters.anon;

import dev.jobtower.domain.job.ConnectionId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Job definitions and workflows read from anon, kept per connection for a time-to-live: every run of
 * a job names the same definition and workflows, which change rarely. "Not found" is remembered too.
 * Loads happen outside any lock; two threads may load the same entry at once, which is harmless.
 */
final class AnonCatalog {
    /** What an entry holds. */
    enum Kind { JOB, WORKFLOW }

    /** One cached read: the value ({@code null} when anon had none) and when it was read. */
    record Entry<T>(T value, Instant loadedAt) {
        Optional<T> asOptional() {
            return Optional.ofNullable(value);
        }
    }

    private record Key(ConnectionId connection, Kind kind, String id) {
    }

    private final ConcurrentHashMap<Key, Entry<?>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    AnonCatalog(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl);
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The cached value, or a fresh one from {@code loader} when there is none, it has expired, or
     * {@code mustReload} says the cached one cannot be right any more.
     */
    <T> Optional<T> get(ConnectionId connection, Kind kind, String id, Supplier<Optional<T>> loader,
                        Predicate<Entry<T>> mustReload) {
        Key key = new Key(connection, kind, id);
        Entry<T> cached = entry(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.loadedAt().plus(ttl)) && !mustReload.test(cached)) {
            return cached.asOptional();
        }
        Optional<T> loaded = loader.get();
        makeRoom(now);
        entries.put(key, new Entry<>(loaded.orElse(null), now));
        return loaded;
    }

    <T> Optional<T> get(ConnectionId connection, Kind kind, String id, Supplier<Optional<T>> loader) {
        return get(connection, kind, id, loader, e -> false);
    }

    /** The cached value without ever loading: for use right after a create, when no read may fail. */
    <T> Optional<T> peek(ConnectionId connection, Kind kind, String id) {
        Entry<T> cached = entry(new Key(connection, kind, id));
        return cached == null ? Optional.empty() : cached.asOptional();
    }

    int size() {
        return entries.size();
    }

    @SuppressWarnings("unchecked")
    private <T> Entry<T> entry(Key key) {
        return (Entry<T>) entries.get(key);
    }

    private void makeRoom(Instant now) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.values().removeIf(e -> !now.isBefore(e.loadedAt().plus(ttl)));
        if (entries.size() >= maxEntries) {
            entries.clear(); // crude, but bounded: every entry can be read again
        }
    }
}
