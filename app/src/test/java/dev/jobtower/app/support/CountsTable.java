package dev.jobtower.app.support;

import dev.jobtower.app.db.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.TreeMap;

/** The counts table behind /stats and COUNT(*) over the jobs, grouped alike, for tests to compare. */
public final class CountsTable {
    private CountsTable() {
    }

    /** Non-zero sums of the counts table, by tenant|provider|status|reason|type|connection. */
    public static TreeMap<String, Long> fromCounts(Database db) {
        return grouped(db, "select tenant_id::text, provider, status, status_reason, type, connection_id::text, "
                + "sum(count) from job_count group by 1, 2, 3, 4, 5, 6 having sum(count) <> 0");
    }

    /** COUNT(*) over the jobs, keyed as {@link #fromCounts}. */
    public static TreeMap<String, Long> fromJobs(Database db) {
        return grouped(db, "select tenant_id::text, provider, status, coalesce(status_reason, ''), "
                + "coalesce(type, ''), connection_id::text, count(*) from job group by 1, 2, 3, 4, 5, 6");
    }

    private static TreeMap<String, Long> grouped(Database db, String sql) {
        return db.read(c -> {
            TreeMap<String, Long> map = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.put(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)), rs.getLong(7));
                }
            }
            return map;
        });
    }
}
