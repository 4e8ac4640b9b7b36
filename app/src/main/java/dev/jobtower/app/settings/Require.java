package dev.jobtower.app.settings;

import java.time.Duration;

/**
 * The checks the settings records make in their constructors, so that a wrong value stops start-up with a
 * message naming the key and its environment variable ({@code jobtower.poll.interval}, {@code JOBTOWER_POLL_INTERVAL}),
 * not a failure at the first use.
 */
public final class Require {
    private Require() {
    }

    /** The environment variable Micronaut reads for a key: {@code jobtower.db.pool-size} is {@code JOBTOWER_DB_POOL_SIZE}. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static IllegalArgumentException wrong(String key, String must, Object got) {
        return new IllegalArgumentException(key + " (" + envName(key) + ") must be " + must + "; got " + got);
    }

    public static Duration positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw wrong(key, "a positive duration (e.g. 5s, 10m)", value);
        }
        return value;
    }

    public static Duration notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw wrong(key, "a duration of 0 or more (e.g. 0s, 60s)", value);
        }
        return value;
    }

    public static int atLeast(String key, int min, int value) {
        if (value < min) {
            throw wrong(key, "at least " + min, value);
        }
        return value;
    }

    public static long atLeast(String key, long min, long value) {
        if (value < min) {
            throw wrong(key, "at least " + min, value);
        }
        return value;
    }

    public static double positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw wrong(key, "a positive number", value);
        }
        return value;
    }

    /** Blank (or unset) as {@code null}, else stripped. */
    public static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
