package dev.jobtower.app.db;

import dev.jobtower.app.settings.DatabaseSettings;
import dev.jobtower.app.settings.ServerSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/** Whether Jobtower runs its own embedded PostgreSQL (no {@code JOBTOWER_DB_URL}) or an external one. */
@Singleton
public class DatabaseMode {
    private final String externalUrl;
    private final Path dataDir;

    @Inject
    public DatabaseMode(DatabaseSettings db, ServerSettings server) {
        this(db.url(), server.dataDir());
    }

    public DatabaseMode(String externalUrl, String dataDir) {
        this.externalUrl = externalUrl == null ? "" : externalUrl.strip();
        this.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
    }

    public boolean embedded() {
        return externalUrl.isEmpty();
    }

    /** Where the embedded database and the generated keys live ({@code JOBTOWER_DATA_DIR}). */
    public Path dataDir() {
        return dataDir;
    }
}
