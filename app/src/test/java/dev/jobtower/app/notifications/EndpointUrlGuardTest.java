package dev.jobtower.app.notifications;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which addresses an endpoint may resolve to, as a table. */
class EndpointUrlGuardTest {
    @ParameterizedTest(name = "{0} public: {1}")
    @CsvSource({
            "127.0.0.1, false", "127.8.9.10, false", "::1, false",
            "10.0.0.1, false", "172.16.0.1, false", "172.31.255.255, false", "192.168.0.10, false",
            "169.254.169.254, false", "fe80::1, false", "0.0.0.0, false", "::, false",
            "100.64.0.1, false", "fd00::1, false", "fc00::1, false", "::ffff:127.0.0.1, false", "::ffff:10.0.0.1, false",
            "224.0.0.1, false", "255.255.255.255, false", "198.18.0.1, false", "192.0.0.8, false",
            "93.184.216.34, true", "8.8.8.8, true", "172.32.0.1, true", "100.128.0.1, true",
            "2606:4700:4700::1111, true", "::ffff:8.8.8.8, true",
    })
    void addresses(String address, boolean expected) throws Exception {
        assertEquals(expected, EndpointUrlGuard.isPublic(InetAddress.getByName(address)));
    }

    @ParameterizedTest(name = "Retry-After {0} → {1} s")
    @CsvSource({"7, 7", "0, 0", "' 30 ', 30", "999999, 36000"})
    void retry_after_seconds(String header, long seconds) {
        assertEquals(seconds, WebhookSender.retryAfter(header, java.time.Instant.EPOCH).toSeconds());
    }

    @ParameterizedTest(name = "Retry-After {0} is ignored")
    @CsvSource({"-5", "soon", "''"})
    void unreadable_retry_after(String header) {
        assertEquals(null, WebhookSender.retryAfter(header, java.time.Instant.EPOCH));
    }
}
