package dev.jobtower.app.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A whole Jobtower instance (context + HTTP server), so a test can run several on one database and stop one. */
public final class AppInstance implements AutoCloseable {
    private final EmbeddedServer server;

    private AppInstance(EmbeddedServer server) {
        this.server = server;
    }

    /** Properties shared by the instances of one test: one database, one secret key, one admin token. */
    public static Map<String, Object> sharedProperties(String jdbcUrl) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, Object> p = new HashMap<>();
        p.put("jobtower.db.url", jdbcUrl);
        p.put("jobtower.db.user", "postgres");
        p.put("jobtower.db.password", "");
        p.put("jobtower.secret-key", Base64.getEncoder().encodeToString(key));
        p.put("jobtower.admin-token", JobtowerTest.ADMIN_TOKEN);
        p.put("micronaut.server.port", -1);
        p.put("jobtower.finch.base-url", "http://127.0.0.1:9");
        p.put("jobtower.anon.base-url", "http://127.0.0.1:9");
        p.put("jobtower.invopop.base-url", "http://127.0.0.1:9");
        p.put("jobtower.discovery.enabled", false);
        return p;
    }

    public static AppInstance start(Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>(properties);
        try {
            p.putIfAbsent("jobtower.data-dir", Files.createTempDirectory("jobtower-instance").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AppInstance(ApplicationContext.run(EmbeddedServer.class, p));
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    public Api api() {
        return new Api(server.getURL().toString());
    }

    public String url() {
        return server.getURL().toString();
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.getApplicationContext().close();
        }
    }
}
