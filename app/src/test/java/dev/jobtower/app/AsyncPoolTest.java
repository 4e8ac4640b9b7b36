package dev.jobtower.app;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a 2-CPU machine, answers of the JDK's HTTP client are completed on the common pool once
 * {@link Application#asyncTasksOnTheCommonPool} ran, not on a new thread each. Each case runs in a JVM of its own
 * (told it has 2 CPUs), since the default executor is fixed when {@code CompletableFuture} is first loaded.
 */
class AsyncPoolTest {

    @Test
    void answersOfTheJdkHttpClientCompleteOnTheCommonPool() throws Exception {
        String threads = run(true);
        assertTrue(threads.contains("ForkJoinPool.commonPool-worker"), threads);
        assertFalse(threads.contains("Thread-"), threads);
    }

    @Test
    void withoutItEachAnswerStartsAThread() throws Exception {
        // the control: what the JVM does on 2 CPUs left alone (proves the case above tests something)
        String threads = run(false);
        assertTrue(threads.contains("Thread-"), threads);
        assertFalse(threads.contains("ForkJoinPool.commonPool-worker"), threads);
    }

    @Test
    void anOperatorsOwnSizeIsKept() throws Exception {
        String threads = run(true, "-D" + Application.COMMON_POOL_PARALLELISM + "=1");
        assertTrue(threads.contains("Thread-"), threads);
    }

    private static String run(boolean ask, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=2"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), Boolean.toString(ask)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Asks for the pool (or not), sends 5 requests to a local server and prints the threads that completed them. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            if (Boolean.parseBoolean(args[0])) {
                Application.asyncTasksOnTheCommonPool();
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Semaphore answer = new Semaphore(0); // a request is answered once its completion stage is attached
            server.createContext("/", exchange -> {
                answer.acquireUninterruptibly();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    CompletableFuture<String> completedOn = client.sendAsync(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.discarding()).thenApply(r -> Thread.currentThread().getName());
                    answer.release();
                    names.add(completedOn.get(30, TimeUnit.SECONDS));
                }
                System.out.println(names);
            } finally {
                server.stop(0);
            }
        }
    }
}
