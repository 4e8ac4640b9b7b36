package dev.jobtower.app.db;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/** Whether Jobtower runs its own embedded PostgreSQL (no {@code JOBTOWER_DB_URL}) or an external one. */
@Singleton
public class DatabaseMode {
    private final String externalUrl;
    private final Path dataDir;

    public DatabaseMode(@Value("${jobtower.db.url:}") String externalUrl,
                        @Value("${jobtower.data-dir:./data}") String dataDir) {
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
