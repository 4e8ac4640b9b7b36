package dev.jobtower.adapters.anon;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** anon's ISO-8601 timestamps, read leniently: anything unparseable (or without a zone) is absent. */
final class AnonTimestamps {
    private AnonTimestamps() {
    }

    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException notOffset) {
                return null;
            }
        }
    }
}
