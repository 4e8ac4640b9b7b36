package dev.jobtower.domain.vendor;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An HTTP {@code Retry-After} header (RFC 9110 10.2.3): whole seconds or an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * When the vendor allows the next call, or {@code null} when the header is absent or unreadable (a negative
     * or absurdly long number of seconds included: more than nine digits is not a delay any vendor means).
     */
    public static Instant parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.matches("\\d{1,9}")) {
            return now.plusSeconds(Long.parseLong(value));
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
