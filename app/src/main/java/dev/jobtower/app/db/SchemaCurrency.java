package dev.jobtower.app.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a database's schema already has every bundled Flyway migration: the set of script names
 * Flyway recorded as applied successfully equals the set of {@code *.sql} files in the migration
 * location, and no migration failed. Used to skip Flyway's start when there is nothing to do.
 */
public final class SchemaCurrency {
    /** The class-path folder of the migrations ({@code flyway.datasources.default.locations}). */
    public static final String LOCATION = "db/migration";

    private SchemaCurrency() {
    }

    /** The file names of the versioned migrations in a class-path folder (in a jar or a directory). */
    public static Set<String> bundledMigrations(String location) {
        URL url = SchemaCurrency.class.getClassLoader().getResource(location);
        if (url == null) {
            return Set.of();
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    String prefix = location + "/";
                    return jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(prefix) && n.length() > prefix.length() && !n.endsWith("/"))
                            .map(n -> n.substring(prefix.length()))
                            .collect(Collectors.toCollection(TreeSet::new));
                }
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * True when every bundled file is a versioned SQL migration ({@code V<n>__*.sql}) that the history
     * table records as applied successfully, the history names no other script, and nothing failed.
     * A database without the history table is not current.
     */
    public static boolean isCurrent(Connection connection, Set<String> bundled) throws SQLException {
        if (bundled.isEmpty() || !bundled.stream().allMatch(n -> n.matches("V\\d+(_\\d+)*__.+\\.sql"))) {
            return false;
        }
        try (PreparedStatement exists = connection.prepareStatement("select to_regclass('flyway_schema_history') is not null");
             ResultSet rs = exists.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        Set<String> applied = new HashSet<>();
        try (PreparedStatement history = connection.prepareStatement(
                "select script, success from flyway_schema_history where version is not null");
             ResultSet rs = history.executeQuery()) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                applied.add(rs.getString(1));
            }
        }
        return applied.equals(bundled);
    }
}
