package dev.jobtower.domain.query.contract;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import dev.jobtower.domain.query.Keyset;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code q} means (API.md: a case-insensitive substring of name, type or externalId), the same for
 * every {@link dev.jobtower.domain.query.JobStore}, whatever path a store takes to find the matches:
 * LIKE's wildcards and escape character are literal, letters beyond ASCII fold case too, other filters
 * combine with it, and cursor paging walks through its matches once each. Run by every
 * {@link JobStoreContract}.
 */
public interface JobSearchContract {

    dev.jobtower.domain.query.JobStore store();

    TenantId newTenant();

    ConnectionId newConnection(TenantId tenant, Provider provider);

    Instant S0 = Instant.parse("2026-04-01T08:00:00Z");

    private void job(TenantId t, ConnectionId c, Provider provider, String externalId, String type, String name,
                     JobStatus status, int minute) {
        store().record(t, c, provider, VendorJob.builder(externalId).type(type).name(name).status(status)
                .createdAt(S0.plusSeconds(60L * minute)).build(), Source.POLL, Instant.now(), true);
    }

    private List<String> search(TenantId t, JobFilter filter) {
        return store().list(t, new JobQuery(filter, JobSort.CREATED_AT_DESC, JobQuery.MAX_LIMIT, null)).items().stream()
                .map(Job::externalId).toList();
    }

    private static JobFilter q(String q) {
        return new JobFilter(null, null, null, null, null, null, null, null, null, null, q);
    }

    @Test
    default void like_wildcards_and_the_escape_character_are_literal() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("anon"));
        job(t, c, Provider.of("anon"), "run-percent", "job_1", "Export 100% of rows", JobStatus.SUCCEEDED, 0);
        job(t, c, Provider.of("anon"), "run-underscore", "data_sync", "Export", JobStatus.SUCCEEDED, 1);
        job(t, c, Provider.of("anon"), "run-backslash", "job_2", "C:\\exports\\today", JobStatus.SUCCEEDED, 2);
        job(t, c, Provider.of("anon"), "run-plain", "jobx2", "Export 1000 of rows", JobStatus.SUCCEEDED, 3);

        assertEquals(List.of("run-percent"), search(t, q("%")));
        assertEquals(List.of("run-percent"), search(t, q("100%")));
        assertEquals(List.of("run-percent"), search(t, q("0% of")));
        assertEquals(List.of(), search(t, q("1%0")), "% is not 'any text'");
        assertEquals(List.of("run-backslash", "run-underscore", "run-percent"), search(t, q("_")),
                "_ is an underscore, not any one character");
        assertEquals(List.of("run-underscore"), search(t, q("a_s")));
        assertEquals(List.of(), search(t, q("jobx_")), "_ does not stand for the x of jobx2");
        assertEquals(List.of("run-backslash"), search(t, q("\\")));
        assertEquals(List.of("run-backslash"), search(t, q(":\\EXPORTS\\")));
        assertEquals(List.of(), search(t, q("\\%")), "a backslash does not escape what follows it");
    }

    @Test
    default void case_folds_beyond_ascii_and_unicode_terms_match() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("invopop"));
        job(t, c, Provider.of("invopop"), "inv-1", "wf_facture", "Überweisung Müller GmbH", JobStatus.SUCCEEDED, 0);
        job(t, c, Provider.of("invopop"), "inv-2", "wf_facture", "Facture Société Générale", JobStatus.SUCCEEDED, 1);
        job(t, c, Provider.of("invopop"), "inv-3", "wf_invoice", "請求書 東京", JobStatus.SUCCEEDED, 2);

        assertEquals(List.of("inv-1"), search(t, q("über")));
        assertEquals(List.of("inv-1"), search(t, q("MÜLLER")));
        assertEquals(List.of("inv-2"), search(t, q("SOCIÉTÉ")));
        assertEquals(List.of("inv-2"), search(t, q("é")));
        assertEquals(List.of("inv-3"), search(t, q("東京")));
        assertEquals(List.of("inv-3"), search(t, q("書")));
        assertEquals(List.of(), search(t, q("muller")), "no accent folding: ü is not u");
    }

    @Test
    default void a_term_is_found_in_name_type_or_external_id_in_any_case_but_not_across_them() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        job(t, c, Provider.of("finch"), "7c3a-EXT", "data_sync_all", null, JobStatus.SUCCEEDED, 0);
        job(t, c, Provider.of("finch"), "id-2", "W4_FORM_employee_sync", "Globex payroll", JobStatus.SUCCEEDED, 1);

        assertEquals(List.of("7c3a-EXT"), search(t, q("7C3A-ext")));
        assertEquals(List.of("id-2"), search(t, q("w4_form")));
        assertEquals(List.of("id-2"), search(t, q("GLOBEX")));
        assertEquals(List.of("id-2", "7c3a-EXT"), search(t, q("sync")));
        assertEquals(List.of("id-2", "7c3a-EXT"), search(t, q("a")), "a one-character term");
        assertEquals(List.of("id-2"), search(t, q("lo")), "a two-character term");
        assertEquals(List.of(), search(t, q("zq")), "a two-character term nothing holds");
        assertEquals(List.of(), search(t, q("payrollw4")), "no match across the end of one field and the next");
        assertEquals(List.of(), search(t, q("all7c3a")));
    }

    @Test
    default void q_combines_with_every_other_filter() {
        TenantId t = newTenant();
        ConnectionId anon = newConnection(t, Provider.of("anon"));
        ConnectionId anon2 = newConnection(t, Provider.of("anon"));
        ConnectionId finch = newConnection(t, Provider.of("finch"));
        job(t, anon, Provider.of("anon"), "a-1", "job_1", "Globex expense export", JobStatus.FAILED, 0);
        job(t, anon, Provider.of("anon"), "a-2", "job_1", "Globex invoice upload", JobStatus.SUCCEEDED, 1);
        job(t, anon2, Provider.of("anon"), "a-3", "job_2", "Globex payroll report", JobStatus.FAILED, 2);
        job(t, anon, Provider.of("anon"), "a-4", "job_1", "Initech expense export", JobStatus.FAILED, 3);
        job(t, finch, Provider.of("finch"), "f-globex-1", "data_sync_all", null, JobStatus.RUNNING, 4);

        assertEquals(List.of("f-globex-1", "a-3", "a-2", "a-1"), search(t, q("globex")));
        assertEquals(List.of("f-globex-1"), search(t, filter(Set.of(Provider.of("finch")), null, null, "globex")));
        assertEquals(List.of(), search(t, filter(Set.of(Provider.of("invopop")), null, null, "globex")));
        assertEquals(List.of("a-3", "a-1"), search(t, filter(null, Set.of(JobStatus.FAILED), null, "globex")));
        assertEquals(List.of("f-globex-1", "a-3", "a-1"),
                search(t, filter(null, Set.of(JobStatus.FAILED, JobStatus.RUNNING), null, "globex")));
        assertEquals(List.of("a-3", "a-1"),
                search(t, filter(Set.of(Provider.of("anon")), Set.of(JobStatus.FAILED, JobStatus.WAITING), null, "GLOBEX")));
        assertEquals(List.of("a-2", "a-1"), search(t, filter(null, null, Set.of(anon), "globex")));
        assertEquals(List.of("a-3"), search(t, filter(null, Set.of(JobStatus.FAILED), Set.of(anon2), "globex")));
        assertEquals(List.of("a-3", "a-2"), search(t, new JobFilter(null, null, null, null, null, null,
                S0.plusSeconds(60), S0.plusSeconds(240), null, null, "globex")), "with a creation range");
        assertEquals(List.of("a-4", "a-1"), search(t, new JobFilter(null, null, null, Set.of("job_1"), null, null,
                null, null, null, null, "export")), "with a type");
        assertEquals(List.of(), search(newTenant(), q("globex")), "another tenant sees none of them");
    }

    private static JobFilter filter(Set<Provider> providers, Set<JobStatus> statuses, Set<ConnectionId> connections,
                                    String q) {
        return new JobFilter(providers, statuses, null, null, connections, null, null, null, null, null, q);
    }

    @Test
    default void cursor_pages_walk_through_the_matches_once_each_in_every_order() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("anon"));
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // one job in three matches; several share a creation time (the id breaks the tie)
            boolean match = i % 3 == 0;
            String id = "run-" + i;
            job(t, c, Provider.of("anon"), id, "job_1", (match ? "Acme " : "Initech ") + "export " + i, JobStatus.SUCCEEDED, i / 2);
            if (match) {
                matching.add(id);
            }
        }
        for (JobSort sort : JobSort.values()) {
            List<String> seen = new ArrayList<>();
            Keyset after = null;
            int pages = 0;
            do {
                JobPage page = store().list(t, new JobQuery(q("ACME"), sort, 3, after));
                page.items().forEach(j -> seen.add(j.externalId()));
                after = page.next();
                pages++;
            } while (after != null && pages < 10);
            assertEquals(Set.copyOf(matching), Set.copyOf(seen), sort + ": every match");
            assertEquals(matching.size(), seen.size(), sort + ": each once");
            assertEquals(3, pages, sort + ": 8 matches in pages of 3");
            List<String> oneGo = store().list(t, new JobQuery(q("acme"), sort, 50, null)).items().stream()
                    .map(Job::externalId).toList();
            assertEquals(oneGo, seen, sort + ": the pages in the list's order");
        }
    }
}
