package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListingConnectionsTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final ListingConnections listing = new ListingConnections(f.connections);
    private final TenantId tenant = f.tenant();

    @Test
    void a_tenant_sees_its_live_connections_only() {
        Connection first = f.connection(tenant, Provider.of("finch"));
        f.clock.advance(Duration.ofSeconds(1));
        Connection second = f.connection(tenant, Provider.of("anon"));
        Connection foreign = f.connection(f.tenant(), Provider.of("finch"));
        assertEquals(List.of(first, second), listing.list(tenant));
        assertEquals(first, listing.get(tenant, first.id()).orElseThrow());
        assertTrue(listing.get(tenant, foreign.id()).isEmpty());
        f.connections.delete(tenant, first.id());
        assertEquals(List.of(second), listing.list(tenant));
        assertTrue(listing.get(tenant, first.id()).isEmpty());
    }
}
