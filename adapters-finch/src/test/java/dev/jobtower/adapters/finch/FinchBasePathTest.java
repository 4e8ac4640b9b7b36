package dev.jobtower.adapters.finch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The path of a configured base URL goes in front of every request (Micronaut's client would drop it); the
 * simulator tests call Finch at {@code http://host/_demo/finch} through it.
 */
class FinchBasePathTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "https://api.tryfinch.com,        null,   ''",
            "https://api.tryfinch.com/,       null,   ''",
            "http://127.0.0.1:8080/_demo/finch, null, /_demo/finch",
            "http://127.0.0.1:8080/_demo/finch/, '',  /_demo/finch",
            "http://proxy/a%20b/finch,        null,   /a%20b/finch",
            "http://127.0.0.1:8080/_demo/finch, /v1,  ''",
            "'',                              null,   ''",
            "null,                            null,   ''",
            "'http://bad host/x',             null,   ''"})
    void the_base_urls_path_unless_the_service_has_a_path_of_its_own(String url, String configuredPath, String expected) {
        assertEquals(expected, FinchApi.basePathOf(url, configuredPath));
    }
}
