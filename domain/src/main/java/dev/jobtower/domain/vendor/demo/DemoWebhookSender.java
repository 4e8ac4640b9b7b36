package dev.jobtower.domain.vendor.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Posts a vendor simulator's webhook deliveries with the JDK's HTTP client, without waiting for the answer.
 * A failed delivery is reported and dropped: the receiver's poller still sees the job change. The one place
 * of the domain that speaks HTTP (ArchUnit names it): demo simulators live in the adapters, which share it.
 */
public class DemoWebhookSender {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String vendor;
    private final Consumer<String> report;

    /**
     * @param vendor the simulator's name in reports ({@code "Simulated Finch"})
     * @param report where a line about a failed delivery goes (the adapter's logger)
     */
    public DemoWebhookSender(String vendor, Consumer<String> report) {
        this.vendor = vendor;
        this.report = report;
    }

    public void post(URI url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                report.accept(vendor + " could not deliver a webhook: " + error.getClass().getSimpleName());
            } else if (response.statusCode() >= 300) {
                report.accept(vendor + "'s webhook was answered " + response.statusCode());
            }
        });
    }
}
