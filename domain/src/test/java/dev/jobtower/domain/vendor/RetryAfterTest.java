package dev.jobtower.domain.vendor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-10-21T07:00:00Z");

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "30,                              2026-10-21T07:00:30Z",
            "' 0 ',                           2026-10-21T07:00:00Z",
            "'Wed, 21 Oct 2026 07:28:00 GMT', 2026-10-21T07:28:00Z",
            "-5,                              null",
            "9999999999,                      null",
            "soon,                            null",
            "'',                              null",
            "null,                            null"})
    void seconds_or_an_http_date_else_absent(String header, String expected) {
        assertEquals(expected == null ? null : Instant.parse(expected), RetryAfter.parse(header, NOW));
    }
}
