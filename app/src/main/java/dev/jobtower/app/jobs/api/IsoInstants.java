package dev.jobtower.app.jobs.api;

import java.time.Instant;

/**
 * {@link Instant#toString()} (ISO-8601 in UTC, {@code DateTimeFormatter.ISO_INSTANT}) written without the
 * formatter: the same text, character for character, for years 0000 to 9999; other years go to
 * {@code toString}. Issue 19 (CPU per request): a list page writes seven instants per job, 350 for a 50-job
 * page, and the formatter's general printer was the most frequent leaf frame of a list page's JFR samples.
 * The fraction is written as ISO_INSTANT writes it: none when zero, else in groups of three digits (3, 6 or 9),
 * as many as needed.
 */
final class IsoInstants {
    private static final long SECONDS_0000_TO_1970 = 62_167_219_200L; // 0000-01-01T00:00:00Z .. epoch
    private static final long SECONDS_10000 = 253_402_300_800L; // 10000-01-01T00:00:00Z

    private IsoInstants() {
    }

    static String format(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds < -SECONDS_0000_TO_1970 || seconds >= SECONDS_10000) {
            return at.toString();
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int nano = at.getNano();
        char[] out = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1000 == 0 ? 27 : 30];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int end = 19;
        if (nano != 0) {
            out[19] = '.';
            int fractionDigits = out.length - 21;
            digits(out, 20, nano / pow10(9 - fractionDigits), fractionDigits);
            end = out.length - 1;
        }
        out[end] = 'Z';
        return new String(out);
    }

    private static int pow10(int n) {
        return n == 0 ? 1 : n == 3 ? 1000 : 1_000_000;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
