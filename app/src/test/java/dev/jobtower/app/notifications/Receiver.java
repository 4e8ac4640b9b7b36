package dev.jobtower.app.notifications;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import dev.jobtower.app.support.TestTls;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A WireMock receiver on https (its own certificate), checking messages as a receiver would. */
final class Receiver {
    final WireMockServer server = new WireMockServer(options().dynamicPort().dynamicHttpsPort()
            .keystorePath(TestTls.keystore().toString()).keystoreType("PKCS12").keystorePassword(TestTls.PASSWORD)
            .keyManagerPassword(TestTls.PASSWORD));

    Receiver() {
        server.start();
    }

    String url(String path) {
        return "https://127.0.0.1:" + server.httpsPort() + path;
    }

    List<LoggedRequest> requests(String path) {
        return server.findAll(postRequestedFor(urlEqualTo(path)));
    }

    /**
     * Verifies a request with the Standard Webhooks library as a receiver would (throws when the
     * signature, id or timestamp do not check out).
     */
    static void verify(LoggedRequest r, String secret) throws Exception {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, List.of(r.getHeader(name)));
        }
        new Webhook(secret).verify(r.getBodyAsString(), headers);
    }

    /** Whether one of the request's signatures is the library's signature under {@code secret} (any timestamp). */
    static boolean signedBy(LoggedRequest r, String secret) throws Exception {
        String expected = new Webhook(secret).sign(r.getHeader("webhook-id"),
                Long.parseLong(r.getHeader("webhook-timestamp")), r.getBodyAsString());
        return List.of(r.getHeader("webhook-signature").split(" ")).contains(expected);
    }

    void stop() {
        server.stop();
    }
}
