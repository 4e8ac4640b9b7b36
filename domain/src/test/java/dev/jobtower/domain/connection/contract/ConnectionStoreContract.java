package dev.jobtower.domain.connection.contract;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link ConnectionStore} shares, written once: tenant scoping, write-only secrets,
 * soft deletes that hide a connection from every method, partial updates that keep what they do not name.
 */
public interface ConnectionStoreContract {

    ConnectionStore store();

    TenantId newTenant();

    Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private Connection create(TenantId tenant, Provider provider, String name, Instant createdAt) {
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, provider, name, createdAt, null, null);
        return store().create(c, new ConnectionSecrets("token-" + name, "secret-" + name));
    }

    @Test
    default void a_connection_is_found_by_its_tenant_and_by_its_webhook_url() {
        TenantId t = newTenant();
        Connection c = create(t, Provider.of("finch"), "payroll", T0);
        assertEquals(c, store().find(t, c.id()).orElseThrow());
        assertEquals(c, store().findForWebhook(c.id()).orElseThrow());
        assertEquals(List.of(c), store().list(t));
        assertTrue(store().listAll().contains(c));
        ConnectionSecrets secrets = store().secrets(c.id()).orElseThrow();
        assertEquals("token-payroll", secrets.token());
        assertEquals("secret-payroll", secrets.webhookSecret());
    }

    @Test
    default void a_webhooks_look_up_gives_the_connection_with_its_secrets_and_nothing_once_it_is_deleted() {
        TenantId t = newTenant();
        Connection c = create(t, Provider.of("finch"), "hooks", T0);
        ConnectionStore.WithSecrets found = store().findForWebhookWithSecrets(c.id()).orElseThrow();
        assertEquals(c, found.connection());
        assertEquals("token-hooks", found.secrets().token());
        assertEquals("secret-hooks", found.secrets().webhookSecret());
        assertTrue(store().findForWebhookWithSecrets(new ConnectionId(UUID.randomUUID())).isEmpty(), "unknown");
        assertTrue(store().delete(t, c.id()));
        assertTrue(store().findForWebhookWithSecrets(c.id()).isEmpty(), "deleted");
    }

    @Test
    default void another_tenant_can_neither_see_nor_change_it() {
        TenantId a = newTenant();
        TenantId b = newTenant();
        Connection c = create(a, Provider.of("anon"), "portals", T0);
        assertTrue(store().find(b, c.id()).isEmpty());
        assertTrue(store().list(b).isEmpty());
        assertTrue(store().update(b, c.id(), "taken", new ConnectionSecrets("other", null)).isEmpty());
        assertFalse(store().delete(b, c.id()));
        assertEquals("portals", store().find(a, c.id()).orElseThrow().name());
        assertEquals("token-portals", store().secrets(c.id()).orElseThrow().token());
    }

    @Test
    default void a_tenant_lists_its_connections_oldest_first() {
        TenantId t = newTenant();
        Connection second = create(t, Provider.of("invopop"), "second", T0.plus(1, ChronoUnit.MINUTES));
        Connection first = create(t, Provider.of("finch"), "first", T0);
        assertEquals(List.of(first.id(), second.id()), store().list(t).stream().map(Connection::id).toList());
    }

    @Test
    default void an_update_changes_only_what_it_names() {
        TenantId t = newTenant();
        Connection c = create(t, Provider.of("finch"), "payroll", T0);
        Connection renamed = store().update(t, c.id(), "  Payroll EU ", null).orElseThrow();
        assertEquals("Payroll EU", renamed.name());
        assertEquals("token-payroll", store().secrets(c.id()).orElseThrow().token(), "a rename keeps the secrets");
        store().update(t, c.id(), null, new ConnectionSecrets("rotated", "secret-payroll")).orElseThrow();
        assertEquals("rotated", store().secrets(c.id()).orElseThrow().token());
        assertEquals("Payroll EU", store().find(t, c.id()).orElseThrow().name(), "a rotation keeps the name");
        assertTrue(store().update(t, new ConnectionId(UUID.randomUUID()), "x", null).isEmpty(), "unknown: empty");
    }

    @Test
    default void account_info_is_recorded_and_found_by_the_vendors_id() {
        TenantId t = newTenant();
        Connection c = create(t, Provider.of("finch"), "payroll", T0);
        Quota quota = new Quota(10, 7, null);
        store().recordAccountInfo(c.id(), "vendor-conn-1", quota);
        Connection stored = store().find(t, c.id()).orElseThrow();
        assertEquals("vendor-conn-1", stored.vendorConnectionId());
        assertEquals(quota, stored.quota());
        assertEquals(List.of(c.id()), store().findByVendorConnectionId(t, Provider.of("finch"), "vendor-conn-1").stream()
                .map(Connection::id).toList());
        assertTrue(store().findByVendorConnectionId(t, Provider.of("anon"), "vendor-conn-1").isEmpty(), "another provider");
        assertTrue(store().findByVendorConnectionId(newTenant(), Provider.of("finch"), "vendor-conn-1").isEmpty(), "another tenant");

        store().recordAccountInfo(c.id(), null, null);
        assertEquals("vendor-conn-1", store().find(t, c.id()).orElseThrow().vendorConnectionId(), "null keeps the id");
        assertEquals(quota, store().find(t, c.id()).orElseThrow().quota(), "null keeps the quota");

        Quota spent = new Quota(10, 0, Instant.parse("2026-03-03T00:00:00Z"));
        store().recordQuota(c.id(), spent);
        assertEquals(spent, store().find(t, c.id()).orElseThrow().quota());
    }

    @Test
    default void a_deleted_connection_is_invisible_everywhere() {
        TenantId t = newTenant();
        Connection c = create(t, Provider.of("finch"), "payroll", T0);
        store().recordAccountInfo(c.id(), "vendor-conn-2", null);
        assertTrue(store().delete(t, c.id()));
        assertFalse(store().delete(t, c.id()), "deleting twice finds nothing the second time");
        assertTrue(store().find(t, c.id()).isEmpty());
        assertTrue(store().findForWebhook(c.id()).isEmpty());
        assertTrue(store().list(t).isEmpty());
        assertFalse(store().listAll().stream().anyMatch(x -> x.id().equals(c.id())));
        assertTrue(store().secrets(c.id()).isEmpty());
        assertTrue(store().findByVendorConnectionId(t, Provider.of("finch"), "vendor-conn-2").isEmpty());
        assertTrue(store().update(t, c.id(), "back", null).isEmpty());
    }

    @Test
    default void watched_ids_are_kept_once() {
        TenantId t = newTenant();
        Connection c = create(t, Provider.of("anon"), "portals", T0);
        assertTrue(store().watched(c.id()).isEmpty());
        store().watch(c.id(), "job-1");
        store().watch(c.id(), "job-1");
        store().watch(c.id(), "job-2");
        assertEquals(Set.of("job-1", "job-2"), store().watched(c.id()));
        Connection other = create(t, Provider.of("anon"), "other", T0);
        assertTrue(store().watched(other.id()).isEmpty());
    }

    @Test
    default void a_connection_without_a_webhook_secret_has_none() {
        TenantId t = newTenant();
        Connection c = store().create(new Connection(new ConnectionId(UUID.randomUUID()), t, Provider.of("invopop"), "inv", T0,
                null, null), new ConnectionSecrets("tok", null));
        assertNull(store().secrets(c.id()).orElseThrow().webhookSecret());
    }
}
