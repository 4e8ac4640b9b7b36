package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workflow names (a job's {@code name}), cached per connection and workflow id for a time to live, so that
 * reading many jobs of one workflow costs one workflow read. A failed read never fails the job read: the name
 * is then the last one known, else {@code null}. A workflow the vendor does not have is remembered as nameless
 * for the TTL; other failures are not remembered, so the next read tries again.
 */
final class InvopopWorkflowNames {
    private static final Logger LOG = LoggerFactory.getLogger(InvopopWorkflowNames.class);

    /** Reads one workflow's name at the vendor. */
    @FunctionalInterface
    interface Lookup {
        /** @throws ProviderException when the vendor read failed */
        String name(String workflowId);
    }

    private record Key(ConnectionId connection, String workflowId) {
    }

    private record Entry(String name, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    InvopopWorkflowNames(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    String name(ConnectionId connection, String workflowId, Lookup lookup) {
        if (workflowId == null || workflowId.isBlank()) {
            return null;
        }
        Key key = new Key(connection, workflowId);
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.name();
        }
        try {
            String name = lookup.name(workflowId);
            remember(key, name, now);
            return name;
        } catch (VendorNotFound e) {
            remember(key, null, now);
            return null;
        } catch (RuntimeException e) {
            String category = e instanceof VendorUnavailable v ? v.category().name() : e.getClass().getSimpleName();
            LOG.warn("Invopop workflow {} could not be read ({}); the job keeps {} name", workflowId, category,
                    cached == null ? "no" : "its last known");
            return cached == null ? null : cached.name();
        }
    }

    int size() {
        return entries.size();
    }

    private void remember(Key key, String name, Instant now) {
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(name, now.plus(ttl)));
    }
}
