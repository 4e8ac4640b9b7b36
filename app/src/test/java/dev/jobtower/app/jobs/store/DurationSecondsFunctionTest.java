package dev.jobtower.app.jobs.store;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code job_duration_seconds} (V32: in double precision, {@code date_part}) against the exact figure, the numeric
 * {@code extract(epoch …)} V16 used: on 200 000 random jobs with microsecond timestamps, from no time to 400 days,
 * started or not, every duration is within one part in 10¹⁴ of the exact one and in the same histogram bucket.
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurationSecondsFunctionTest extends JobtowerTest {
    @Inject
    Database db;

    @Test
    void durations_in_double_precision_equal_the_exact_ones_and_fall_in_the_same_bucket() {
        long[] found = db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("""
                    with t as (
                      select timestamptz '2026-01-01' + random() * interval '300 days' as created,
                             case when random() < 0.2 then null else random() * interval '2 days' end as wait,
                             random() ^ 4 * interval '400 days' as run, i
                      from generate_series(1, 200000) i),
                    d as (
                      select job_duration_seconds(created, created + wait, created + coalesce(wait, interval '0') + run) as f,
                             greatest(0, extract(epoch from ((created + coalesce(wait, interval '0') + run)
                                 - coalesce(created + wait, created))))::double precision as exact
                      from t)
                    select count(*),
                           count(*) filter (where abs(f - exact) > 1e-14 * greatest(exact, 1)),
                           count(*) filter (where job_duration_bucket(f) <> job_duration_bucket(exact))
                    from d""")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        });
        assertEquals(200_000, found[0]);
        assertEquals(0, found[1], "durations further than 1e-14 from the exact one");
        assertEquals(0, found[2], "durations in another bucket than the exact one's");
    }
}
