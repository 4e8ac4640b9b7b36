package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.provider.contract.InMemoryJobProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestingWebhookTest {
    private final UseCaseFixture f = new UseCaseFixture();
    /** The inbox: (connection, event id) once. */
    private final Set<String> inbox = new HashSet<>();
    private final List<WebhookSignal> stored = new ArrayList<>();
    private final IngestingWebhook ingesting = new IngestingWebhook(f.jobs, f.connections, f.providers,
            (connection, provider, signal) -> {
                stored.add(signal);
                return inbox.add(connection + "/" + signal.eventId());
            }, f.clock, Duration.ofMinutes(10));
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));

    private WebhookDelivery signed(String eventId, String externalId) {
        return InMemoryJobProvider.signedDelivery(eventId, externalId, UseCaseFixture.InMemoryJobProviderSecret.SECRET,
                f.clock.instant());
    }

    @Test
    void an_authentic_delivery_is_stored_once_and_a_retry_is_a_duplicate() {
        IngestingWebhook.Receipt first = ingesting.receive(Provider.of("finch"), finch.id().toString(), signed("evt-1", "fj-1"));
        assertTrue(first.accepted());
        assertTrue(first.actionable());
        assertEquals(List.of("fj-1"), first.signal().jobsToReread());
        IngestingWebhook.Receipt retry = ingesting.receive(Provider.of("finch"), finch.id().toString(), signed("evt-1", "fj-1"));
        assertTrue(retry.accepted());
        assertFalse(retry.fresh());
        assertFalse(retry.actionable());
    }

    @Test
    void what_cannot_be_authenticated_is_refused_and_nothing_is_stored() {
        String id = finch.id().toString();
        assertEquals("not a connection id", ingesting.receive(Provider.of("finch"), "not-a-uuid", signed("e", "j")).rejection());
        assertFalse(ingesting.receive(Provider.of("finch"), id, WebhookDelivery.of(Map.of(), "fj-1".getBytes())).accepted(),
                "no signature headers");
        WebhookDelivery forged = InMemoryJobProvider.signedDelivery("e", "fj-1", "b3RoZXItc2VjcmV0", f.clock.instant());
        assertFalse(ingesting.receive(Provider.of("finch"), id, forged).accepted(), "signed with another secret");
        assertEquals("unknown or deleted connection",
                ingesting.receive(Provider.of("anon"), id, signed("e", "fj-1")).rejection(), "another provider's URL");
        assertEquals("unknown or deleted connection", ingesting.receive(Provider.of("finch"),
                new ConnectionId(java.util.UUID.randomUUID()).toString(), signed("e", "fj-1")).rejection());
        f.connections.delete(tenant, finch.id());
        assertFalse(ingesting.receive(Provider.of("finch"), id, signed("e", "fj-1")).accepted(), "a deleted connection");
        assertTrue(stored.isEmpty());
    }

    @Test
    void applying_a_delivery_rereads_the_jobs_it_names_with_source_webhook() {
        UseCaseFixture.ScriptedVendor vendor = f.vendor(Provider.of("finch"));
        f.jobs.record(tenant, finch.id(), Provider.of("finch"), vendor.put("fj-1", JobStatus.RUNNING), Source.TRACK,
                f.clock.instant(), true);
        f.clock.advance(Duration.ofSeconds(5));
        vendor.put("fj-1", JobStatus.SUCCEEDED);
        IngestingWebhook.Applied applied = ingesting.apply(finch.id(), WebhookSignal.reread("e", "job.completed", null,
                List.of("fj-1", "unknown-to-the-vendor")));
        assertEquals(new IngestingWebhook.Applied(false, 1), applied);
        assertEquals(List.of(Source.TRACK, Source.WEBHOOK), f.history(finch, "fj-1").stream().map(StatusChange::source).toList());
    }

    @Test
    void a_delivery_for_a_connection_deleted_since_applies_to_nothing() {
        f.connections.delete(tenant, finch.id());
        assertTrue(ingesting.apply(finch.id(), WebhookSignal.reread("e", null, null, List.of("fj-1"))).connectionDeleted());
        assertTrue(f.vendor(Provider.of("finch")).calls.isEmpty());
    }

    @Test
    void a_finch_event_goes_to_the_connection_whose_vendor_id_it_names() {
        Connection other = f.connection(tenant, Provider.of("finch"));
        f.connections.recordAccountInfo(finch.id(), "finch-conn-a", null);
        f.connections.recordAccountInfo(other.id(), "finch-conn-b", null);
        f.vendor(Provider.of("finch")).put("fj-9", JobStatus.RUNNING);
        // posted to finch's URL, about the account of `other`
        ingesting.apply(finch.id(), WebhookSignal.reread("e", null, "finch-conn-b", List.of("fj-9")));
        assertTrue(f.jobs.findByExternalId(tenant, other.id(), "fj-9").isPresent());
        assertTrue(f.jobs.findByExternalId(tenant, finch.id(), "fj-9").isEmpty());
        // an account this tenant does not have: applied nowhere (the path's vendor id is known and differs)
        ingesting.apply(finch.id(), WebhookSignal.reread("e2", null, "finch-conn-z", List.of("fj-9")));
        assertTrue(f.jobs.findByExternalId(tenant, finch.id(), "fj-9").isEmpty());
    }

    @Test
    void a_finch_event_before_the_accounts_vendor_id_is_known_goes_to_the_paths_connection() {
        f.vendor(Provider.of("finch")).put("fj-3", JobStatus.RUNNING);
        ingesting.apply(finch.id(), WebhookSignal.reread("e", null, "finch-conn-new", List.of("fj-3")));
        assertTrue(f.jobs.findByExternalId(tenant, finch.id(), "fj-3").isPresent());
    }
}
