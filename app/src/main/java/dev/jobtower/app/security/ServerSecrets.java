package dev.jobtower.app.security;

import dev.jobtower.app.db.DatabaseMode;
import io.micronaut.context.annotation.Context;
import dev.jobtower.app.settings.ServerSettings;
import jakarta.inject.Inject;
import io.micronaut.context.exceptions.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The server's own secrets: the key that encrypts credentials ({@code JOBTOWER_SECRET_KEY}) and the
 * admin token ({@code JOBTOWER_ADMIN_TOKEN}). On the embedded default each is generated once into the
 * data dir (mode 0600); with an external database the secret key is required and startup fails
 * without it. Loaded eagerly so a bad configuration fails at startup, not at the first request.
 */
@Context
public class ServerSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] encryptionKey;
    private final byte[] cursorKey;
    private final String adminToken;

    @Inject
    public ServerSecrets(DatabaseMode mode, ServerSettings settings) {
        this(mode, settings.secretKey(), settings.adminToken());
    }

    public ServerSecrets(DatabaseMode mode, String secretKey, String adminToken) {
        this.encryptionKey = loadEncryptionKey(mode, secretKey);
        this.cursorKey = derive(encryptionKey, "jobtower cursor signing");
        this.adminToken = loadAdminToken(mode, adminToken);
    }

    private static byte[] loadEncryptionKey(DatabaseMode mode, String configured) {
        if (configured != null && !configured.isBlank()) {
            return decodeKey(configured.strip(), "JOBTOWER_SECRET_KEY");
        }
        if (!mode.embedded()) {
            throw new ConfigurationException("JOBTOWER_SECRET_KEY is required with an external database "
                    + "(JOBTOWER_DB_URL is set): set it to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`");
        }
        Path file = mode.dataDir().resolve("secret.key");
        String text = readOrCreate(file, () -> Base64.getEncoder().encodeToString(randomBytes(32)));
        return decodeKey(text, file.toString());
    }

    private static String loadAdminToken(DatabaseMode mode, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (!mode.embedded()) {
            LOG.info("No JOBTOWER_ADMIN_TOKEN: the admin API is disabled (answers 404)");
            return null;
        }
        Path file = mode.dataDir().resolve("admin.token");
        String token = readOrCreate(file, () -> "jta_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32)));
        LOG.info("Admin token is in {}", file);
        return token;
    }

    private static byte[] decodeKey(String base64, String origin) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(origin + " is not base64");
        }
        if (key.length != 32) {
            throw new ConfigurationException(origin + " must be the base64 of exactly 32 bytes (it has " + key.length + ")");
        }
        return key;
    }

    /** Reads a generated secret from its file, or generates it into a new file of mode 0600. */
    public static String readOrCreate(Path file, java.util.function.Supplier<String> generator) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, generator.get() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create " + file, e);
        }
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] derive(byte[] key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The AES-256 key for credentials at rest. */
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    /** The HMAC key that makes list cursors tamper-evident (derived from the encryption key). */
    public byte[] cursorKey() {
        return cursorKey.clone();
    }

    /** The admin token, or empty when the admin API is disabled. */
    public Optional<String> adminToken() {
        return Optional.ofNullable(adminToken);
    }

    @Override
    public String toString() {
        return "ServerSecrets[***]";
    }
}
