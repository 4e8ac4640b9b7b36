package dev.jobtower.domain.job;

import java.util.Objects;
import java.util.UUID;

/** One vendor account of one tenant. */
public record ConnectionId(UUID value) {
    public ConnectionId {
        Objects.requireNonNull(value, "connection id");
    }

    public static ConnectionId of(String text) {
        return new ConnectionId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
