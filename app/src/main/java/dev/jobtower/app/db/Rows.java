package dev.jobtower.app.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** JDBC conversions for the column types Jobtower uses. */
public final class Rows {
    private Rows() {
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /** Binds positional parameters: Instants as timestamptz, Strings, UUIDs, numbers, arrays, nulls. */
    public static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            int index = i + 1;
            if (v == null) {
                ps.setNull(index, Types.NULL);
            } else if (v instanceof Instant instant) {
                ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
            } else if (v instanceof Json json) {
                ps.setObject(index, json.text(), Types.OTHER);
            } else if (v instanceof String[] strings) {
                ps.setArray(index, ps.getConnection().createArrayOf("text", strings));
            } else if (v instanceof UUID[] uuids) {
                ps.setArray(index, ps.getConnection().createArrayOf("uuid", uuids));
            } else if (v instanceof Timestamp ts) {
                ps.setTimestamp(index, ts);
            } else {
                ps.setObject(index, v);
            }
        }
    }

    /** A JSON text to bind as {@code jsonb}. */
    public record Json(String text) {
    }
}
