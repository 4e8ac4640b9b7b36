package dev.jobtower.domain.job;

import java.util.Objects;
import java.util.UUID;

/** One customer of Jobtower; every read and write is scoped to one tenant. */
public record TenantId(UUID value) {
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
