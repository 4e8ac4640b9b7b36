package dev.jobtower.app.jobs.store;

import java.util.Arrays;

/**
 * Percentiles from the maintained duration histogram (V16 {@code job_duration_hist}): bucket
 * {@code b} holds durations in [1.02^b, 1.02^(b+1)) seconds, {@link #ZERO_BUCKET} holds 0 s. A
 * percentile is computed as PostgreSQL's {@code percentile_cont} would (interpolating between the
 * two neighbouring order statistics), each order statistic taken as its bucket's geometric middle,
 * capped by the group's exact max: within 1 % of the exact value.
 */
final class DurationHistogram {
    static final int ZERO_BUCKET = -100000;
    private static final double LOG_BASE = Math.log(1.02);

    private int[] bucketOf = new int[64];
    private long[] countOf = new long[64];
    private int size;
    private boolean sorted = true;
    private long count;
    private double max;

    /** Adds a count to a bucket (in any order; the same bucket may come again, e.g. from another status). */
    void add(int bucket, long n, double bucketMax) {
        if (n <= 0) {
            return;
        }
        if (size == bucketOf.length) {
            bucketOf = Arrays.copyOf(bucketOf, size * 2);
            countOf = Arrays.copyOf(countOf, size * 2);
        }
        if (size > 0 && bucket < bucketOf[size - 1]) {
            sorted = false;
        }
        bucketOf[size] = bucket;
        countOf[size] = n;
        size++;
        count += n;
        max = Math.max(max, bucketMax);
    }

    /** Orders the buckets (ties need no merging: a walk over cumulative counts gives the same answer). */
    private void sort() {
        if (sorted) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(bucketOf[a], bucketOf[b]));
        int[] buckets = new int[size];
        long[] counts = new long[size];
        for (int i = 0; i < size; i++) {
            buckets[i] = bucketOf[order[i]];
            counts[i] = countOf[order[i]];
        }
        bucketOf = buckets;
        countOf = counts;
        sorted = true;
    }

    long count() {
        return count;
    }

    double max() {
        return max;
    }

    /** The {@code q} percentile (0…1), as {@code percentile_cont(q)}. */
    double percentile(double q) {
        if (count == 0) {
            return 0;
        }
        double rank = q * (count - 1);
        long lower = (long) Math.floor(rank);
        double fraction = rank - lower;
        double a = orderStatistic(lower);
        if (fraction == 0) {
            return a;
        }
        double b = orderStatistic(lower + 1);
        return a + fraction * (b - a);
    }

    /** The estimate of the {@code k}-th smallest duration (0-based). */
    private double orderStatistic(long k) {
        if (k >= count - 1) {
            return max; // the longest is known exactly
        }
        sort();
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += countOf[i];
            if (k < seen) {
                return Math.min(middle(bucketOf[i]), max);
            }
        }
        return max;
    }

    static double middle(int bucket) {
        return bucket == ZERO_BUCKET ? 0 : Math.exp((bucket + 0.5) * LOG_BASE);
    }

    /** The bucket of a duration, as the SQL function {@code job_duration_bucket}. */
    static int bucketOf(double seconds) {
        return seconds <= 0 ? ZERO_BUCKET : (int) Math.floor(Math.log(seconds) / LOG_BASE);
    }
}
