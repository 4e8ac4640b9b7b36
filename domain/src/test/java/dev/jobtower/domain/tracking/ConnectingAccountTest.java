package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectingAccountTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final List<Connection> setUp = new ArrayList<>();
    private final ConnectingAccount connecting = new ConnectingAccount(f.connections::create, f.providers, setUp::add, f.clock);
    private final TenantId tenant = f.tenant();

    @Test
    void an_account_is_stored_with_its_secrets_and_set_up_in_the_background() {
        Connection c = connecting.connect(new ConnectCommand(tenant, Provider.of("finch"), " Acme payroll ", "tok-1",
                UseCaseFixture.InMemoryJobProviderSecret.SECRET));
        assertEquals("Acme payroll", c.name());
        assertEquals(UseCaseFixture.T0, c.createdAt());
        assertEquals(List.of(c), f.connections.list(tenant));
        assertEquals("tok-1", f.connections.secrets(c.id()).orElseThrow().token());
        assertEquals(List.of(c), setUp);
    }

    @Test
    void a_webhook_secret_in_the_wrong_format_is_named_and_nothing_is_stored() {
        assertEquals("must be base64", connecting.webhookSecretProblem(Provider.of("finch"), "not base64!").orElseThrow());
        assertTrue(connecting.webhookSecretProblem(Provider.of("finch"), UseCaseFixture.InMemoryJobProviderSecret.SECRET).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> connecting.connect(new ConnectCommand(tenant, Provider.of("finch"),
                "x", "tok", "not base64!")));
        assertTrue(f.connections.list(tenant).isEmpty());
        assertTrue(setUp.isEmpty());
    }

    @Test
    void a_connection_the_admission_refuses_is_never_set_up() {
        ConnectingAccount capped = new ConnectingAccount((c, s) -> {
            throw new IllegalStateException("a tenant may have at most 0 connections");
        }, f.providers, setUp::add, f.clock);
        assertThrows(IllegalStateException.class, () -> capped.connect(new ConnectCommand(tenant, Provider.of("anon"), "x",
                "tok", null)));
        assertTrue(setUp.isEmpty());
    }

    @Test
    void a_connection_without_a_webhook_secret_is_fine() {
        Connection c = connecting.connect(new ConnectCommand(tenant, Provider.of("invopop"), "inv", "tok", null));
        assertEquals(null, f.connections.secrets(c.id()).orElseThrow().webhookSecret());
    }
}
