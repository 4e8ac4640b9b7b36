package dev.jobtower.app.db;

import dev.jobtower.app.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When start-up may skip Flyway: only when the real PostgreSQL's history has every bundled migration,
 * applied successfully, and nothing else; every other state runs Flyway.
 */
class SchemaCurrencyTest {
    private final Set<String> bundled = SchemaCurrency.bundledMigrations(SchemaCurrency.LOCATION);
    private String url;

    @BeforeEach
    void freshDatabase() {
        url = TestDatabase.freshDatabase();
    }

    private void migrate() {
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
    }

    private boolean current(Set<String> files) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            return SchemaCurrency.isCurrent(c, files);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void finds_the_bundled_migrations() {
        assertTrue(bundled.contains("V1__schema.sql"), bundled.toString());
        assertTrue(bundled.stream().allMatch(n -> n.endsWith(".sql")), bundled.toString());
    }

    @Test
    void a_migrated_database_is_current() throws SQLException {
        migrate();
        assertTrue(current(bundled));
    }

    @Test
    void a_new_database_is_not_current() throws SQLException {
        assertFalse(current(bundled), "no history table: Flyway must run");
    }

    @Test
    void a_database_without_the_newest_migration_is_not_current() throws SQLException {
        migrate();
        String newest = bundled.stream().max((a, b) -> Integer.compare(version(a), version(b))).orElseThrow();
        execute("delete from flyway_schema_history where script = '" + newest + "'");
        assertFalse(current(bundled), "a release with a new migration must migrate");
    }

    @Test
    void a_failed_migration_is_not_current() throws SQLException {
        migrate();
        execute("update flyway_schema_history set success = false where script = 'V1__schema.sql'");
        assertFalse(current(bundled));
    }

    @Test
    void a_history_naming_a_script_the_jar_does_not_have_is_not_current() throws SQLException {
        migrate();
        Set<String> older = new TreeSet<>(bundled);
        older.remove("V1__schema.sql");
        assertFalse(current(older), "a database newer than the jar goes to Flyway, which refuses it");
    }

    @Test
    void a_file_flyway_would_treat_differently_is_not_current() throws SQLException {
        migrate();
        Set<String> withRepeatable = new TreeSet<>(bundled);
        withRepeatable.add("R__views.sql");
        assertFalse(current(withRepeatable));
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")).split("_")[0]);
    }
}
