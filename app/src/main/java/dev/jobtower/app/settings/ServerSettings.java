package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where this instance keeps its files and who it is: {@code jobtower.data-dir} ({@code JOBTOWER_DATA_DIR}),
 * {@code jobtower.secret-key}, {@code jobtower.admin-token} and {@code jobtower.public-url} (unset by default,
 * see the README). The secrets never appear in {@link #toString()}.
 */
@Context
@ConfigurationProperties("jobtower")
public record ServerSettings(@Bindable(defaultValue = "./data") String dataDir,
                             @Nullable String secretKey,
                             @Nullable String adminToken,
                             @Nullable String publicUrl) {
    public ServerSettings {
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalArgumentException("jobtower.data-dir (JOBTOWER_DATA_DIR) must name a directory");
        }
        secretKey = Require.blankAsNull(secretKey);
        adminToken = Require.blankAsNull(adminToken);
        publicUrl = Require.blankAsNull(publicUrl);
    }

    @Override
    public String toString() {
        return "ServerSettings[dataDir=" + dataDir + ", secretKey=" + (secretKey == null ? "unset" : "***")
                + ", adminToken=" + (adminToken == null ? "unset" : "***") + ", publicUrl=" + publicUrl + "]";
    }
}
