package dev.jobtower.domain.vendor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A vendor's ISO-8601 timestamps, read leniently: anything unreadable (a spec example's {@code "string"}, say)
 * is absent, never an error, so one odd field never makes a whole job unreadable.
 */
public final class LenientInstants {
    private LenientInstants() {
    }

    /**
     * The instant of {@code 2026-03-01T10:00:00Z}, of an offset ({@code +02:00}), with a space for the {@code T},
     * and (unless {@code zoneless} is {@code false}) of a time without a zone, read as UTC; {@code null} when the
     * text is absent, blank or none of these.
     */
    public static Instant parse(String text, boolean zonelessAsUtc) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notZ) {
            // the looser shapes below
        }
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException notOffset) {
            // no offset
        }
        if (!zonelessAsUtc) {
            return null;
        }
        try {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            return null;
        }
    }

    /** {@link #parse(String, boolean)} with a zone-less time read as UTC (the zone Finch and Invopop write). */
    public static Instant parse(String text) {
        return parse(text, true);
    }
}
