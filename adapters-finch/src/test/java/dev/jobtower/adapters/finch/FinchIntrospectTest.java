package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.provider.AccountInfo;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.finch.FinchJobs.fixture;
import static dev.jobtower.adapters.finch.FinchTestVendor.ACCOUNT;
import static dev.jobtower.adapters.finch.FinchTestVendor.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code GET /introspect} tells which Finch connection a token belongs to. */
class FinchIntrospectTest {
    private static final FinchTestVendor VENDOR = FinchTestVendor.get();
    private final FinchJobProvider provider = VENDOR.provider;

    @BeforeEach
    void resetVendor() {
        VENDOR.reset();
    }

    private static void finchAnswers(int status, String body) {
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/introspect")).willReturn(json(status, body)));
    }

    @Test
    void reads_the_connection_id() {
        finchAnswers(200, fixture("introspect/introspect.json"));

        AccountInfo info = provider.introspect(ACCOUNT);

        assertEquals(new AccountInfo("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", null), info);
        VENDOR.wm.verify(1, getRequestedFor(urlPathEqualTo("/introspect"))
                .withHeader("Authorization", equalTo("Bearer " + FinchTestVendor.TOKEN))
                .withHeader("Finch-API-Version", equalTo("2020-09-17"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void an_answer_without_connection_id_leaves_it_unknown() {
        finchAnswers(200, fixture("introspect/introspect-2024-no-connection-id.json"));

        assertEquals(AccountInfo.none(), provider.introspect(ACCOUNT));
    }

    @Test
    void a_bad_token_is_VendorRejected() {
        finchAnswers(401, fixture("errors/401-unauthorized.json"));

        VendorRejected e = assertThrows(VendorRejected.class, () -> provider.introspect(ACCOUNT));

        assertEquals(401, e.vendorStatusCode());
        assertEquals("unauthorized_request_error", e.vendorCode());
    }

    @Test
    void an_unreadable_answer_is_MALFORMED() {
        finchAnswers(200, "{\"connection_id\":\"9a1b");

        assertEquals(FailureCategory.MALFORMED,
                assertThrows(VendorUnavailable.class, () -> provider.introspect(ACCOUNT)).category());
    }

    @Test
    void a_server_error_is_VendorUnavailable() {
        finchAnswers(500, fixture("errors/500-server-error.json"));

        assertEquals(FailureCategory.HTTP_5XX,
                assertThrows(VendorUnavailable.class, () -> provider.introspect(ACCOUNT)).category());
    }
}
