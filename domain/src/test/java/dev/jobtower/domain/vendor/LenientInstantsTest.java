package dev.jobtower.domain.vendor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LenientInstantsTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "2026-04-30T07:39:18.549Z,        true,  2026-04-30T07:39:18.549Z",
            "2026-04-30T08:39:18.549+01:00,   true,  2026-04-30T07:39:18.549Z",
            "' 2026-04-30 08:39:18Z ',        true,  2026-04-30T08:39:18Z",
            "2026-04-30T08:39:18,             true,  2026-04-30T08:39:18Z",
            "2026-04-30T08:39:18,             false, null",
            "2026-04-30T08:39:18+00:00,       false, 2026-04-30T08:39:18Z",
            "string,                          true,  null",
            "2026-13-01T00:00:00Z,            true,  null",
            "'',                              true,  null",
            "null,                            true,  null"})
    void readable_shapes_or_absent_never_an_error(String text, boolean zonelessAsUtc, String expected) {
        assertEquals(expected == null ? null : Instant.parse(expected), LenientInstants.parse(text, zonelessAsUtc));
    }
}
