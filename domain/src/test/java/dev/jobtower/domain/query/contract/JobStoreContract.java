package dev.jobtower.domain.query.contract;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import dev.jobtower.domain.query.JobStats;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.query.Keyset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link JobStore} shares, written once: the ordering rules, history, tenant
 * scoping, filters, keyset paging and counts. An implementation's test supplies the store and a way
 * to make tenants and connections.
 */
public interface JobStoreContract extends JobSearchContract {

    JobStore store();

    TenantId newTenant();

    /** A live connection of {@code tenant} to {@code provider}. */
    ConnectionId newConnection(TenantId tenant, Provider provider);

    Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static VendorJob copy(String id, JobStatus status, Instant vendorUpdatedAt) {
        return VendorJob.builder(id).type("data_sync_all").name("Sync " + id).status(status)
                .vendorStatus(status.name().toLowerCase()).createdAt(T0).vendorUpdatedAt(vendorUpdatedAt)
                .params(Map.of("individualId", "i-1")).rawPayload("{\"job_id\":\"" + id + "\"}").build();
    }

    private JobStore.Recorded record(TenantId t, ConnectionId c, VendorJob copy, Source source) {
        return store().record(t, c, Provider.of("finch"), copy, source, Instant.now(), true);
    }

    @Test
    default void a_new_job_is_stored_with_its_first_history_row() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        JobStore.Recorded r = record(t, c, copy("j1", JobStatus.RUNNING, null), Source.TRACK);
        assertTrue(r.created());
        Job stored = store().find(t, r.job().id()).orElseThrow();
        assertEquals(JobStatus.RUNNING, stored.status());
        assertEquals("running", stored.vendorStatus());
        assertEquals(T0, stored.createdAt());
        assertEquals(Map.of("individualId", "i-1"), stored.params());
        assertNotNull(stored.syncedAt());
        assertFalse(stored.stale());
        List<StatusChange> history = store().history(t, r.job().id());
        assertEquals(1, history.size());
        assertEquals(Source.TRACK, history.get(0).source());
        assertEquals("{\"job_id\":\"j1\"}", store().rawPayload(t, r.job().id()).orElseThrow());
        assertEquals(r.job().id(), store().findByExternalId(t, c, "j1").orElseThrow().id());
    }

    @Test
    default void each_read_keeps_the_vendors_latest_payload_whether_or_not_the_facts_changed() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        JobStore.Recorded first = record(t, c, copy("j1", JobStatus.RUNNING, null), Source.POLL);
        // the same facts, a payload with a field Jobtower does not map: kept, though nothing else changed
        VendorJob sameFacts = VendorJob.builder("j1").type("data_sync_all").name("Sync j1").status(JobStatus.RUNNING)
                .vendorStatus("running").createdAt(T0).params(Map.of("individualId", "i-1"))
                .rawPayload("{\"job_id\":\"j1\",\"progress\":40}").build();
        assertFalse(record(t, c, sameFacts, Source.POLL).changed());
        assertEquals("{\"job_id\":\"j1\",\"progress\":40}", store().rawPayload(t, first.job().id()).orElseThrow());
        // the same payload again: still the same one
        record(t, c, sameFacts, Source.POLL);
        assertEquals("{\"job_id\":\"j1\",\"progress\":40}", store().rawPayload(t, first.job().id()).orElseThrow());
        // facts and payload changed together
        VendorJob done = VendorJob.builder("j1").type("data_sync_all").name("Sync j1").status(JobStatus.SUCCEEDED)
                .vendorStatus("complete").createdAt(T0).params(Map.of("individualId", "i-1"))
                .rawPayload("{\"job_id\":\"j1\",\"status\":\"complete\"}").build();
        assertTrue(record(t, c, done, Source.POLL).changed());
        assertEquals("{\"job_id\":\"j1\",\"status\":\"complete\"}", store().rawPayload(t, first.job().id()).orElseThrow());
        assertEquals(JobStatus.SUCCEEDED, store().find(t, first.job().id()).orElseThrow().status());
    }

    @Test
    default void the_same_copy_twice_changes_nothing_and_adds_no_history() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        JobStore.Recorded first = record(t, c, copy("j1", JobStatus.RUNNING, null), Source.POLL);
        JobStore.Recorded second = record(t, c, copy("j1", JobStatus.RUNNING, null), Source.WEBHOOK);
        assertFalse(second.created());
        assertFalse(second.changed());
        assertEquals(first.job().id(), second.job().id());
        assertEquals(first.job().updatedAt(), store().find(t, first.job().id()).orElseThrow().updatedAt());
        assertEquals(1, store().history(t, first.job().id()).size());
    }

    @Test
    default void a_status_change_is_applied_and_recorded_with_its_source() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        JobStore.Recorded first = record(t, c, copy("j1", JobStatus.QUEUED, null), Source.CREATE);
        JobStore.Recorded second = record(t, c, copy("j1", JobStatus.SUCCEEDED, null), Source.WEBHOOK);
        assertTrue(second.changed());
        Job stored = store().find(t, first.job().id()).orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, stored.status());
        assertTrue(!stored.updatedAt().isBefore(first.job().updatedAt()));
        List<StatusChange> history = store().history(t, first.job().id());
        assertEquals(List.of(JobStatus.QUEUED, JobStatus.SUCCEEDED), history.stream().map(StatusChange::status).toList());
        assertEquals(List.of(Source.CREATE, Source.WEBHOOK), history.stream().map(StatusChange::source).toList());
    }

    @Test
    default void an_older_copy_never_overwrites_a_newer_one() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        Instant newer = T0.plusSeconds(60);
        JobStore.Recorded r = record(t, c, copy("j1", JobStatus.RUNNING, newer), Source.POLL);
        record(t, c, copy("j1", JobStatus.QUEUED, T0), Source.POLL);
        assertEquals(JobStatus.RUNNING, store().find(t, r.job().id()).orElseThrow().status());
        assertEquals(1, store().history(t, r.job().id()).size());
    }

    @Test
    default void a_terminal_status_never_moves_back() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        JobStore.Recorded r = record(t, c, copy("j1", JobStatus.FAILED, null), Source.POLL);
        record(t, c, copy("j1", JobStatus.RUNNING, null), Source.POLL);
        assertEquals(JobStatus.FAILED, store().find(t, r.job().id()).orElseThrow().status());
        assertEquals(1, store().history(t, r.job().id()).size());
    }

    @Test
    default void a_failed_read_marks_the_job_stale_and_keeps_the_copy() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        JobStore.Recorded r = record(t, c, copy("j1", JobStatus.RUNNING, null), Source.POLL);
        store().markStale(r.job().id());
        Job stale = store().find(t, r.job().id()).orElseThrow();
        assertTrue(stale.stale());
        assertEquals(JobStatus.RUNNING, stale.status());
        assertEquals(r.job().syncedAt(), stale.syncedAt());
        record(t, c, copy("j1", JobStatus.RUNNING, null), Source.POLL);
        assertFalse(store().find(t, r.job().id()).orElseThrow().stale(), "a successful read clears stale");
    }

    @Test
    default void a_job_stored_before_its_create_call_has_no_syncedAt() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("invopop"));
        JobStore.Recorded r = store().record(t, c, Provider.of("invopop"),
                VendorJob.builder("pre-minted").type("wf").status(JobStatus.QUEUED).build(), Source.CREATE, Instant.now(), false);
        Job stored = store().find(t, r.job().id()).orElseThrow();
        assertNull(stored.syncedAt());
        assertNull(stored.vendorStatus());
        assertEquals(Provider.of("invopop"), stored.provider());
    }

    @Test
    default void only_a_never_confirmed_job_can_be_discarded() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("invopop"));
        store().record(t, c, Provider.of("invopop"), VendorJob.builder("unconfirmed").type("wf").status(JobStatus.QUEUED).build(),
                Source.CREATE, Instant.now(), false);
        store().record(t, c, Provider.of("invopop"), VendorJob.builder("confirmed").type("wf").status(JobStatus.QUEUED).build(),
                Source.CREATE, Instant.now(), true);
        assertFalse(store().discardUnconfirmed(newTenant(), c, "unconfirmed"), "another tenant cannot discard it");
        assertTrue(store().discardUnconfirmed(t, c, "unconfirmed"));
        assertFalse(store().discardUnconfirmed(t, c, "confirmed"));
        assertTrue(store().findByExternalId(t, c, "unconfirmed").isEmpty());
        assertTrue(store().findByExternalId(t, c, "confirmed").isPresent());
        assertEquals(0, store().stats(t, JobFilter.none(), List.of(GroupKey.STATUS)).groups().stream()
                .filter(g -> g.count() > 1).count(), "counts follow the delete");
    }

    @Test
    default void another_tenant_sees_nothing() {
        TenantId a = newTenant();
        TenantId b = newTenant();
        ConnectionId c = newConnection(a, Provider.of("finch"));
        JobStore.Recorded r = record(a, c, copy("j1", JobStatus.RUNNING, null), Source.TRACK);
        assertTrue(store().find(b, r.job().id()).isEmpty());
        assertTrue(store().findByExternalId(b, c, "j1").isEmpty());
        assertTrue(store().rawPayload(b, r.job().id()).isEmpty());
        assertTrue(store().history(b, r.job().id()).isEmpty());
        assertTrue(store().list(b, new JobQuery(JobFilter.none(), JobSort.CREATED_AT_DESC, 50, null)).items().isEmpty());
        assertEquals(0, store().stats(b, JobFilter.none(), List.of(GroupKey.PROVIDER)).total());
    }

    @Test
    default void writers_racing_on_one_job_store_one_row_and_one_first_history_row() throws Exception {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<JobStore.Recorded>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(() -> record(t, c, copy("race", JobStatus.RUNNING, null), Source.POLL));
            }
            Set<Object> ids = new HashSet<>();
            int created = 0;
            for (Future<JobStore.Recorded> f : pool.invokeAll(writers)) {
                ids.add(f.get().job().id());
                created += f.get().created() ? 1 : 0;
            }
            assertEquals(1, ids.size());
            assertEquals(1, created);
            assertEquals(1, store().history(t, (dev.jobtower.domain.job.JobId) ids.iterator().next()).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void filters_combine() {
        TenantId t = newTenant();
        ConnectionId finch = newConnection(t, Provider.of("finch"));
        ConnectionId invopop = newConnection(t, Provider.of("invopop"));
        store().record(t, finch, Provider.of("finch"), VendorJob.builder("f-failed").type("data_sync_all").name("Payroll sync")
                .status(JobStatus.FAILED).statusReason(StatusReason.AUTH_ERROR).createdAt(T0).build(), Source.POLL, Instant.now(), true);
        store().record(t, finch, Provider.of("finch"), VendorJob.builder("f-running").type("data_sync_all")
                .status(JobStatus.RUNNING).createdAt(T0.plusSeconds(10)).build(), Source.POLL, Instant.now(), true);
        store().record(t, invopop, Provider.of("invopop"), VendorJob.builder("i-waiting").type("wf-1").name("Send to SDI")
                .status(JobStatus.WAITING).createdAt(T0.plusSeconds(20)).build(), Source.POLL, Instant.now(), true);

        assertEquals(List.of("f-failed"), externalIds(t, filter(Set.of(Provider.of("finch")), Set.of(JobStatus.FAILED, JobStatus.WAITING), null, null, null)));
        assertEquals(List.of("i-waiting", "f-failed"), externalIds(t, filter(Set.of(), Set.of(JobStatus.FAILED, JobStatus.WAITING), null, null, null)));
        assertEquals(List.of("i-waiting"), externalIds(t, filter(Set.of(), Set.of(), "sdi", null, null)));
        assertEquals(List.of("f-failed"), externalIds(t, filter(Set.of(), Set.of(), "F-FAIL", null, null)));
        assertEquals(List.of(), externalIds(t, filter(Set.of(), Set.of(), "%", null, null)), "LIKE wildcards in q are literal");
        assertEquals(List.of("f-running"), externalIds(t, filter(Set.of(), Set.of(), null, T0.plusSeconds(10), T0.plusSeconds(20))),
                "createdAfter is inclusive, createdBefore exclusive");
        assertEquals(List.of("f-failed"), externalIds(t, new JobFilter(null, null, Set.of(StatusReason.AUTH_ERROR), null,
                null, null, null, null, null, null, null)));
        assertEquals(List.of("i-waiting"), externalIds(t, new JobFilter(null, null, null, null, Set.of(invopop), null,
                null, null, null, null, null)));
        assertEquals(List.of("f-running"), externalIds(t, new JobFilter(null, null, null, null, null, "f-running",
                null, null, null, null, null)));
    }

    private static JobFilter filter(Set<Provider> providers, Set<JobStatus> statuses, String q, Instant createdAfter,
                                    Instant createdBefore) {
        return new JobFilter(providers, statuses, null, null, null, null, createdAfter, createdBefore, null, null, q);
    }

    private List<String> externalIds(TenantId t, JobFilter filter) {
        return store().list(t, new JobQuery(filter, JobSort.CREATED_AT_DESC, 200, null)).items().stream()
                .map(Job::externalId).toList();
    }

    @ParameterizedTest
    @EnumSource(JobSort.class)
    default void keyset_pages_cover_every_job_exactly_once(JobSort sort) {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        for (int i = 0; i < 23; i++) {
            // several jobs share a creation time: the id breaks the tie
            store().record(t, c, Provider.of("finch"), VendorJob.builder("p" + i).type("data_sync_all").status(JobStatus.RUNNING)
                    .createdAt(T0.plus(i / 3, ChronoUnit.MINUTES)).build(), Source.DISCOVER, Instant.now(), true);
        }
        List<String> seen = new ArrayList<>();
        Keyset after = null;
        int pages = 0;
        do {
            JobPage page = store().list(t, new JobQuery(JobFilter.none(), sort, 5, after));
            page.items().forEach(j -> seen.add(j.externalId()));
            after = page.next();
            pages++;
        } while (after != null && pages < 20);
        assertEquals(23, seen.size());
        assertEquals(23, new HashSet<>(seen).size());
        assertEquals(5, pages);
    }

    @Test
    default void stats_count_what_the_list_holds() {
        TenantId t = newTenant();
        ConnectionId finch = newConnection(t, Provider.of("finch"));
        ConnectionId anon = newConnection(t, Provider.of("anon"));
        for (int i = 0; i < 5; i++) {
            store().record(t, finch, Provider.of("finch"), VendorJob.builder("f" + i).type("data_sync_all")
                    .status(i < 2 ? JobStatus.FAILED : JobStatus.SUCCEEDED).createdAt(T0).build(), Source.POLL, Instant.now(), true);
        }
        store().record(t, anon, Provider.of("anon"), VendorJob.builder("a0").type("job-1").status(JobStatus.WAITING)
                .statusReason(StatusReason.USER_INPUT_REQUIRED).createdAt(T0).build(), Source.POLL, Instant.now(), true);
        // a status change moves one job between groups
        store().record(t, finch, Provider.of("finch"), VendorJob.builder("f0").type("data_sync_all").status(JobStatus.SUCCEEDED)
                .createdAt(T0).build(), Source.POLL, Instant.now(), true);

        JobStats stats = store().stats(t, JobFilter.none(), List.of(GroupKey.PROVIDER, GroupKey.STATUS));
        assertEquals(6, stats.total());
        assertEquals(Map.of("finch/FAILED", 1L, "finch/SUCCEEDED", 4L, "anon/WAITING", 1L), groups(stats));

        JobStats reasons = store().stats(t, new JobFilter(Set.of(Provider.of("anon")), null, null, null, null, null, null, null,
                null, null, null), List.of(GroupKey.STATUS_REASON));
        assertEquals(1, reasons.total());
        assertEquals("USER_INPUT_REQUIRED", reasons.groups().get(0).keys().get(GroupKey.STATUS_REASON));

        JobStats timeFiltered = store().stats(t, new JobFilter(null, null, null, null, null, null, T0, null, null, null,
                null), List.of(GroupKey.PROVIDER));
        assertEquals(6, timeFiltered.total(), "a time filter counts the same jobs another way");
    }

    private static Map<String, Long> groups(JobStats stats) {
        Map<String, Long> map = new java.util.HashMap<>();
        stats.groups().forEach(g -> map.put(g.keys().get(GroupKey.PROVIDER) + "/" + g.keys().get(GroupKey.STATUS), g.count()));
        return map;
    }

    /** A random suffix for ids that must not collide across tests sharing a store. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
