package dev.jobtower.app.jobs.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** IsoInstants writes what Instant.toString (ISO_INSTANT) writes, for every kind of instant. */
class IsoInstantsTest {
    private static void same(Instant at) {
        assertEquals(at.toString(), IsoInstants.format(at), () -> "for " + at.getEpochSecond() + "s " + at.getNano() + "ns");
    }

    @Test
    void edgesAndFractions() {
        for (String s : new String[]{"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "2000-02-29T12:34:56Z", "1900-03-01T00:00:00Z", "2026-12-04T22:51:07.5Z",
                "2026-12-04T22:51:07.123Z", "2026-12-04T22:51:07.123456Z", "2026-12-04T22:51:07.000001Z",
                "2026-12-04T22:51:07.000000001Z", "2026-12-04T22:51:07.120Z", "0001-01-01T00:00:00Z", "-0001-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "1600-02-29T23:59:59.999Z"}) {
            same(Instant.parse(s));
        }
        same(Instant.MIN);
        same(Instant.MAX);
        same(Instant.EPOCH);
    }

    @Test
    void randomInstantsFromYear0000To9999AndBeyond() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400L * 400, 253_402_300_800L + 86_400L * 400);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            same(Instant.ofEpochSecond(seconds, nano));
        }
    }
}
