package dev.jobtower.domain.vendor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The path of a configured base URL goes in front of every request (Micronaut's client would drop it); the
 * simulator tests call each vendor at {@code http://host/_demo/<vendor>} through it.
 */
class VendorUrlsTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "https://api.tryfinch.com,        null,   ''",
            "https://worker.anon.com/,        null,   ''",
            "http://127.0.0.1:8080/_demo/finch, null, /_demo/finch",
            "http://127.0.0.1:8080/_demo/anon/, '',   /_demo/anon",
            "http://host/sim/invopop//,       null,   /sim/invopop",
            "http://proxy/a%20b/finch,        null,   /a%20b/finch",
            "http://127.0.0.1:8080/_demo/finch, /v1,  ''",
            "'',                              null,   ''",
            "null,                            null,   ''",
            "'http://bad host/x',             null,   ''"})
    void the_base_urls_path_unless_the_service_has_a_path_of_its_own(String url, String configuredPath, String expected) {
        assertEquals(expected, VendorUrls.basePathOf(url, configuredPath));
    }

    @ParameterizedTest
    @CsvSource(value = {
            "abc-DEF_0.9~,   abc-DEF_0.9~",
            "../x,           ..%2Fx",
            "a?b#c,          a%3Fb%23c",
            "'a b+c',        a%20b%2Bc",
            "a*b,            a%2Ab",
            "é,              %C3%A9"})
    void a_vendor_id_stays_one_segment(String id, String encoded) {
        assertEquals(encoded, VendorUrls.encode(id));
    }
}
