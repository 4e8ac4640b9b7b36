package dev.jobtower.adapters.anon;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The path of a configured base URL goes in front of every request (Micronaut's client would drop it); the
 * simulator tests call anon at {@code http://host/_demo/anon} through it.
 */
class AnonBasePathTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "https://worker.anon.com,        null,   ''",
            "https://worker.anon.com/,       null,   ''",
            "http://127.0.0.1:8080/_demo/anon, null, /_demo/anon",
            "http://127.0.0.1:8080/_demo/anon/, '',  /_demo/anon",
            "http://proxy/a%20b/anon,        null,   /a%20b/anon",
            "http://127.0.0.1:8080/_demo/anon, /v1,  ''",
            "'',                              null,   ''",
            "null,                            null,   ''",
            "'http://bad host/x',             null,   ''"})
    void the_base_urls_path_unless_the_service_has_a_path_of_its_own(String url, String configuredPath, String expected) {
        assertEquals(expected, AnonHttp.basePathOf(url, configuredPath));
    }
}
