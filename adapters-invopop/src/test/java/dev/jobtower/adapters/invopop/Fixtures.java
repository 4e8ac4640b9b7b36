package dev.jobtower.adapters.invopop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Vendor fixtures under {@code src/test/resources/invopop/}: {@code spec/} (Prism's answers from the spec), {@code reference/} (REFERENCE.md 3.8), {@code seed/} (the seed page). */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/invopop/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture invopop/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
