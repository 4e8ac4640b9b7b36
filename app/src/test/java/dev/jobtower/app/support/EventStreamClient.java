package dev.jobtower.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Reads a {@code text/event-stream} with the JDK HTTP client, line by line on its own thread, and
 * keeps what arrived (events and comments) for tests to await.
 */
public final class EventStreamClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One dispatched event (a block ending in a blank line that had data). */
    public record Event(String name, String id, String data) {
    }

    public final int status;
    public final String contentType;
    /** The body when the answer was not a stream (a problem). */
    public final String body;
    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final List<String> comments = new CopyOnWriteArrayList<>();
    private final Stream<String> lines;
    private final Thread reader;
    private volatile boolean ended;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.lines = response.body();
        if (!contentType.startsWith("text/event-stream")) {
            this.body = String.join("\n", lines.toList());
            this.reader = null;
            this.ended = true;
            return;
        }
        this.body = null;
        this.reader = new Thread(this::read, "sse-test-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens {@code base + path} with the API key and extra headers (e.g. Last-Event-ID, Accept). */
    public static EventStreamClient open(String base, String path, String apiKey, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path)).GET();
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (!headers.containsKey("Accept")) {
            b.header("Accept", "text/event-stream");
        }
        headers.forEach(b::header);
        try {
            return new EventStreamClient(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String name = null;
        String id = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> {
                            if (value.isEmpty() && data == null) {
                                break; // an empty data line alone (a comment block) dispatches nothing
                            }
                            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        }
                        default -> {
                        }
                    }
                }
            }
        } catch (UncheckedIOException e) {
            // closed by the test or the server
        } finally {
            ended = true;
        }
    }

    /** True once the server said the stream is live (every later change will follow). */
    public boolean live() {
        return comments.stream().anyMatch(c -> c.startsWith("live"));
    }

    /** True once the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** The events whose data mentions {@code text}. */
    public List<Event> mentioning(String text) {
        return events.stream().filter(e -> e.data().contains(text)).toList();
    }

    @Override
    public void close() {
        lines.close();
    }
}
