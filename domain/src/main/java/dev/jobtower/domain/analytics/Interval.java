package dev.jobtower.domain.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/** A timeseries bucket width; buckets start on whole UTC hours or days. */
public enum Interval {
    HOUR("hour", ChronoUnit.HOURS), DAY("day", ChronoUnit.DAYS);

    /** The most buckets one timeseries answers. */
    public static final int MAX_BUCKETS = 1000;

    private final String wireName;
    private final ChronoUnit unit;

    Interval(String wireName, ChronoUnit unit) {
        this.wireName = wireName;
        this.unit = unit;
    }

    public String wireName() {
        return wireName;
    }

    public Duration length() {
        return unit.getDuration();
    }

    /** The start of the bucket holding {@code at}. */
    public Instant floor(Instant at) {
        return at.truncatedTo(unit);
    }

    /** How many buckets cover {@code [from, to)}; at least one. */
    public long bucketCount(Instant from, Instant to) {
        Instant first = floor(from);
        if (!to.isAfter(first)) {
            return 1;
        }
        long whole = Duration.between(first, to).dividedBy(length());
        return first.plus(length().multipliedBy(whole)).isBefore(to) ? whole + 1 : whole;
    }

    public static Optional<Interval> fromWireName(String name) {
        return Arrays.stream(values()).filter(i -> i.wireName.equals(name)).findFirst();
    }
}
