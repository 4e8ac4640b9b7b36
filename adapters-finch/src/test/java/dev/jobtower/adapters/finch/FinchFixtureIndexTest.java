package dev.jobtower.adapters.finch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finch/prism-fixtures.json} names every Finch fixture, so the Prism check ({@code .ci/checks/prism-finch.sh})
 * validates each one against the 2026 document: a fixture added without a place in the index fails here, in the
 * normal build, not silently later.
 */
class FinchFixtureIndexTest {
    private static final Set<String> NOT_FIXTURES = Set.of("README.md", FinchFixtureIndex.FILE);

    @Test
    void every_fixture_file_is_in_the_index_and_every_indexed_file_exists() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(FinchJobs.class.getResource("/finch")).toURI());
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !NOT_FIXTURES.contains(f)).forEach(onDisk::add);
        }
        Set<String> indexed = new TreeSet<>(FinchFixtureIndex.read().files());

        Set<String> missing = new TreeSet<>(onDisk);
        missing.removeAll(indexed);
        Set<String> unknown = new TreeSet<>(indexed);
        unknown.removeAll(onDisk);
        assertEquals(Set.of(), missing, "fixtures the Prism check would not validate: add them to " + FinchFixtureIndex.FILE);
        assertEquals(Set.of(), unknown, "the index names files that do not exist");
    }

    @Test
    void each_deviating_fixture_says_why_and_against_what_and_is_not_also_conforming() {
        FinchFixtureIndex index = FinchFixtureIndex.read();
        Set<String> conforming = new HashSet<>();
        index.exchanges().forEach(e -> conforming.add(e.response()));
        index.schemas().forEach(s -> conforming.add(s.body()));
        assertFalse(index.deviating().isEmpty(), "the controls that must be rejected are kept");
        for (FinchFixtureIndex.Deviating d : index.deviating()) {
            assertTrue(d.why() != null && !d.why().isBlank(), d.fixture() + " needs a reason");
            assertTrue(d.schema() != null ^ (d.operationId() != null && d.status() != null),
                    d.fixture() + " is checked either as an operation's response or as a schema");
            assertFalse(conforming.contains(d.fixture()), d.fixture() + " cannot both conform and deviate");
        }
    }

    @Test
    void there_is_a_conforming_fixture_for_each_benefits_event_and_for_the_manual_jobs_errors() {
        FinchFixtureIndex index = FinchFixtureIndex.read();
        List<String> events = index.schemas().stream().filter(s -> s.schema().equals("JobCompletionEvent"))
                .map(FinchFixtureIndex.SchemaBody::body).toList();
        for (String call : List.of("create", "update", "register", "enroll", "unenroll")) {
            assertTrue(events.contains("webhooks/job-benefit_" + call + "-completed.json"), call);
        }
        List<String> manualErrors = index.exchanges().stream()
                .filter(e -> e.operationId().equals("get-jobs-manual-job_id") && e.status() >= 400)
                .map(FinchFixtureIndex.Exchange::response).toList();
        assertEquals(List.of("errors/404-manual-not-found.json", "errors/400-manual-bad-request.json"), manualErrors);
        assertTrue(index.exchanges().stream().anyMatch(e -> e.operationId().equals("get-jobs-job_id") && e.status() == 404
                && FinchJobs.fixture(e.response()).isEmpty()), "GET /jobs/automated/{job_id} answering 404 with no body");
    }
}
