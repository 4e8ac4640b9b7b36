package dev.jobtower.adapters.finch.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Posts the simulator's webhook deliveries with the JDK's HTTP client, without waiting for the answer.
 * A failed delivery is logged and dropped: the receiver's poller still sees the job change.
 */
public class DemoWebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(DemoWebhookSender.class);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public void post(URI url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                LOG.info("Simulated Finch could not deliver a webhook: {}", error.getClass().getSimpleName());
            } else if (response.statusCode() >= 300) {
                LOG.info("Simulated Finch's webhook was answered {}", response.statusCode());
            }
        });
    }
}
