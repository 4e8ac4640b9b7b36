package dev.jobtower.app.support;

import io.micronaut.test.support.TestPropertyProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Base of the application tests: a fresh database on the shared test PostgreSQL, a random secret
 * key and admin token, a random port. Subclasses add their own properties (e.g. WireMock vendors).
 */
public abstract class JobtowerTest implements TestPropertyProvider {
    public static final String ADMIN_TOKEN = "test-admin-token-" + Long.toHexString(new SecureRandom().nextLong());

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        properties.put("jobtower.db.url", TestDatabase.freshDatabase());
        properties.put("jobtower.db.user", "postgres");
        properties.put("jobtower.db.password", "");
        properties.put("jobtower.secret-key", Base64.getEncoder().encodeToString(key));
        properties.put("jobtower.admin-token", ADMIN_TOKEN);
        try {
            properties.put("jobtower.data-dir", Files.createTempDirectory("jobtower-test-data").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("micronaut.server.port", "-1");
        // no test reaches a real vendor: unless a test points them at WireMock, vendors refuse connections
        properties.put("jobtower.finch.base-url", "http://127.0.0.1:9");
        properties.put("jobtower.anon.base-url", "http://127.0.0.1:9");
        properties.put("jobtower.invopop.base-url", "http://127.0.0.1:9");
        properties.put("jobtower.poll.enabled", "false");
        properties.put("jobtower.discovery.enabled", "false");
        properties.put("jobtower.overdue.enabled", "false");
        properties.putAll(extraProperties());
        return properties;
    }

    /** Properties a test class adds or overrides. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }
}
