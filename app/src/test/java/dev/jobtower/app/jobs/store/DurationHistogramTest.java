package dev.jobtower.app.jobs.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Percentiles from the log histogram against exact percentile_cont, on skewed and tiny samples. */
class DurationHistogramTest {

    /** percentile_cont as PostgreSQL computes it. */
    private static double exact(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        double f = rank - lo;
        return f == 0 ? sorted[lo] : sorted[lo] + f * (sorted[lo + 1] - sorted[lo]);
    }

    private static DurationHistogram histogram(double[] values) {
        TreeMap<Integer, double[]> buckets = new TreeMap<>(); // bucket → {count, max}
        for (double v : values) {
            double[] b = buckets.computeIfAbsent(DurationHistogram.bucketOf(v), k -> new double[2]);
            b[0]++;
            b[1] = Math.max(b[1], v);
        }
        DurationHistogram h = new DurationHistogram();
        buckets.forEach((bucket, b) -> h.add(bucket, (long) b[0], b[1]));
        return h;
    }

    private static void within(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * Math.max(expected, 1e-9),
                what + ": expected " + expected + " ± " + relative * 100 + " %, was " + actual);
    }

    @Test
    void percentiles_are_within_one_percent_on_random_samples() {
        Random random = new Random(16);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(round < 100 ? 30 : 5000);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // log-normal-ish: seconds to days, some exact zeros and sub-second jobs
                values[i] = random.nextInt(50) == 0 ? 0 : Math.exp(random.nextGaussian() * 3 + 4);
            }
            DurationHistogram h = histogram(values);
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            assertEquals(n, h.count());
            assertEquals(sorted[n - 1], h.max(), 0.0, "max is exact");
            for (double q : new double[] {0.5, 0.95, 0.99, 0, 1}) {
                within(exact(sorted, q), h.percentile(q), 0.01, "round " + round + " n " + n + " q " + q);
            }
        }
    }

    @Test
    void interpolates_between_neighbours_like_percentile_cont() {
        double[] values = new double[100];
        Arrays.fill(values, 0, 95, 100);
        Arrays.fill(values, 95, 100, 1000);
        within(145, histogram(values).percentile(0.95), 0.01, "p95 between 100 s and 1000 s");
        within(100, histogram(values).percentile(0.5), 0.01, "p50");
        assertEquals(0, histogram(new double[] {0, 0, 0}).percentile(0.5), 0.0);
        assertEquals(7.5, histogram(new double[] {7.5}).percentile(0.95), 0.0, "one job: its own duration (the max)");
    }
}
