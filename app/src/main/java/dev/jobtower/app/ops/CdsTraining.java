package dev.jobtower.app.ops;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The build's class-data-sharing training run ({@code -Djobtower.cds.training=true}, made by the package
 * step with {@code -XX:ArchiveClassesAtExit}): start, answer a few typical requests so the classes of a
 * request's path are loaded too, then exit. The archive it leaves, {@code app/target/jobtower.jsa},
 * roughly halves the start-up of the README's run command.
 */
public final class CdsTraining {
    public static final String PROPERTY = "jobtower.cds.training";

    private CdsTraining() {
    }

    public static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Makes the requests, closes the context and ends the JVM (which writes the archive). */
    public static void runAndExit(ApplicationContext context) {
        int status = 0;
        try {
            String base = context.getBean(EmbeddedServer.class).getURL().toString();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : new String[] {"/health", "/api/v1/jobs?limit=5", "/api/v1/jobs/stats", "/", "/openapi.yml"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer jt_cds_training_not_a_key").timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println("cds training: " + path + " answered " + r.statusCode());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("cds training failed: " + e);
            status = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        context.close();
        System.exit(status);
    }
}
