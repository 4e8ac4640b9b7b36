package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The database, {@code jobtower.db.*} ({@code JOBTOWER_DB_…}): an external PostgreSQL ({@code url}, {@code user},
 * {@code password}; unset means embedded, on {@code embedded-port}, 0 = any free one), the pool and its fair
 * shares (background work may hold the pool less {@code api-reserve}, API requests the pool less
 * {@code background-reserve}; past its share work waits {@code share-wait}, then 503) and a read replica
 * ({@code read-url}, its user and password defaulting to the primary's, {@code read-pool-size}).
 * The passwords never appear in {@link #toString()}.
 */
@Context
@ConfigurationProperties("jobtower.db")
public record DatabaseSettings(@Nullable String url,
                               @Nullable String user,
                               @Nullable String password,
                               @Bindable(defaultValue = "16") int poolSize,
                               @Bindable(defaultValue = "4") int apiReserve,
                               @Bindable(defaultValue = "2") int backgroundReserve,
                               @Bindable(defaultValue = "2s") Duration shareWait,
                               @Nullable String readUrl,
                               @Nullable String readUser,
                               @Nullable String readPassword,
                               @Bindable(defaultValue = "8") int readPoolSize,
                               @Bindable(defaultValue = "0") int embeddedPort) {
    public DatabaseSettings {
        url = Require.blankAsNull(url);
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        Require.atLeast("jobtower.db.pool-size", 2, poolSize);
        Require.atLeast("jobtower.db.api-reserve", 0, apiReserve);
        Require.atLeast("jobtower.db.background-reserve", 0, backgroundReserve);
        Require.notNegative("jobtower.db.share-wait", shareWait);
        readUrl = Require.blankAsNull(readUrl);
        readUser = readUser == null ? "" : readUser;
        readPassword = readPassword == null ? "" : readPassword;
        Require.atLeast("jobtower.db.read-pool-size", 1, readPoolSize);
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("jobtower.db.embedded-port (JOBTOWER_DB_EMBEDDED_PORT) must be a port "
                    + "from 0 (any free port) to 65535; got " + embeddedPort);
        }
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (url == null ? "embedded" : "***") + ", user=" + user + ", password=***"
                + ", poolSize=" + poolSize + ", apiReserve=" + apiReserve + ", backgroundReserve=" + backgroundReserve
                + ", shareWait=" + shareWait + ", readUrl=" + (readUrl == null ? "unset" : "***") + ", readUser=" + readUser
                + ", readPassword=***, readPoolSize=" + readPoolSize + ", embeddedPort=" + embeddedPort + "]";
    }
}
