package dev.jobtower.app.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded PostgreSQL accepts only Jobtower: without the generated password (or with another)
 * a connection is refused, in a new data directory and in one made by the first release (initdb with
 * {@code trust}, no password), which keeps its data. Commits are durable ({@code synchronous_commit}).
 */
class EmbeddedDatabaseAccessTest {

    @TempDir
    Path dataDir;

    static Connection connect(String url, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void a_new_data_directory_needs_the_generated_password() throws Exception {
        try (EmbeddedDatabase db = new EmbeddedDatabase(new DatabaseMode("", dataDir.toString()), 0)) {
            String url = db.jdbcUrl();
            Path file = dataDir.resolve("postgres.password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(db.password(), Files.readString(file).strip());
            assertTrue(db.password().length() >= 40, "a generated password of 32 random bytes");

            SQLException none = assertThrows(SQLException.class, () -> connect(url, null).close());
            assertTrue(none.getSQLState().startsWith("28") || none.getMessage().contains("password"), none.getMessage());
            SQLException wrong = assertThrows(SQLException.class, () -> connect(url, "postgres").close());
            assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
            try (Connection c = connect(url, db.password())) {
                assertEquals("on", show(c, "synchronous_commit"), "an accepted answer is durable");
                assertEquals("on", show(c, "fsync"));
            }
            String hba = Files.readString(dataDir.resolve("postgres/pg_hba.conf"));
            assertFalse(hba.lines().anyMatch(l -> !l.startsWith("#") && l.contains("trust")), hba);
        }
    }

    @Test
    void a_data_directory_of_the_first_release_is_upgraded_in_place_and_keeps_its_data() throws Exception {
        Path directory = dataDir.resolve("postgres");
        // the first release: initdb with trust, no password, synchronous_commit off
        try (EmbeddedPostgres first = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "off").setServerConfig("listen_addresses", "127.0.0.1").start();
             Connection c = first.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table kept (v text)");
            s.execute("insert into kept values ('from the first release')");
        }
        assertTrue(Files.readString(directory.resolve("pg_hba.conf")).contains("trust"), "the first release trusted everyone");
        assertFalse(Files.exists(dataDir.resolve("postgres.password")));

        try (EmbeddedDatabase db = new EmbeddedDatabase(new DatabaseMode("", dataDir.toString()), 0)) {
            String url = db.jdbcUrl();
            assertThrows(SQLException.class, () -> connect(url, null).close(), "trust is gone");
            try (Connection c = connect(url, db.password()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select v from kept")) {
                assertTrue(rs.next());
                assertEquals("from the first release", rs.getString(1));
                assertEquals("on", show(c, "synchronous_commit"));
            }
        }
        // and it starts again (the upgrade is done once; the password still works)
        try (EmbeddedDatabase db = new EmbeddedDatabase(new DatabaseMode("", dataDir.toString()), 0)) {
            String url = db.jdbcUrl();
            assertThrows(SQLException.class, () -> connect(url, null).close());
            try (Connection c = connect(url, db.password()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from kept")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
