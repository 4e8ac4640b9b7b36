package dev.jobtower.adapters.invopop;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Invopop's timestamps are plain strings (ISO-8601 with milliseconds and {@code Z}). Anything that does not
 * parse, such as the spec examples' {@code "string"}, is treated as absent: never an error.
 */
final class InvopopTimestamps {
    private InvopopTimestamps() {
    }

    /** The instant, or {@code null} when the text is absent, blank or not a timestamp. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // try the looser shapes below
        }
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException ignored) {
            // no offset: read as UTC, the zone Invopop writes
        }
        try {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}
