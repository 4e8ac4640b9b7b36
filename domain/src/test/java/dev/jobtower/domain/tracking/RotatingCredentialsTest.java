package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotatingCredentialsTest {
    private static final String NEW_SECRET = "bmV3LXNlY3JldC1uZXctc2VjcmV0";
    private final UseCaseFixture f = new UseCaseFixture();
    private final List<Connection> setUp = new ArrayList<>();
    private final RotatingCredentials rotating = new RotatingCredentials(f.connections, f.providers, setUp::add);
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));

    @Test
    void a_rename_keeps_the_secrets_and_sets_nothing_up() {
        Connection renamed = rotating.update(finch, "Payroll EU", null, null).orElseThrow();
        assertEquals("Payroll EU", renamed.name());
        assertEquals("token", f.connections.secrets(finch.id()).orElseThrow().token());
        assertTrue(setUp.isEmpty());
    }

    @Test
    void a_new_token_keeps_the_webhook_secret_and_sets_the_account_up_again() {
        Connection rotated = rotating.update(finch, null, "tok-2", null).orElseThrow();
        assertEquals("tok-2", f.connections.secrets(finch.id()).orElseThrow().token());
        assertEquals(UseCaseFixture.InMemoryJobProviderSecret.SECRET, f.connections.secrets(finch.id()).orElseThrow().webhookSecret());
        assertEquals(List.of(rotated), setUp);
    }

    @Test
    void a_new_webhook_secret_keeps_the_token_and_is_checked_for_the_vendors_format() {
        assertEquals("must be base64", rotating.webhookSecretProblem(finch, "%%%").orElseThrow());
        rotating.update(finch, null, null, NEW_SECRET).orElseThrow();
        assertEquals("token", f.connections.secrets(finch.id()).orElseThrow().token());
        assertEquals(NEW_SECRET, f.connections.secrets(finch.id()).orElseThrow().webhookSecret());
        assertTrue(setUp.isEmpty());
    }

    @Test
    void a_connection_deleted_meanwhile_is_not_updated() {
        f.connections.delete(tenant, finch.id());
        assertTrue(rotating.update(finch, "x", "tok-3", null).isEmpty());
        assertTrue(setUp.isEmpty());
    }
}
