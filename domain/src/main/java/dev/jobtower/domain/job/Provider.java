package dev.jobtower.domain.job;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A vendor Jobtower follows, by the lower-case name the API uses ({@code finch}, {@code anon}, ...). Not a
 * closed list: the vendors are the adapter modules the application registers (each publishes its name through
 * {@link dev.jobtower.domain.provider.VendorModule}); whether a name is one of them is the registry's question,
 * this type only checks that it is a name.
 */
public record Provider(String wireName) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public Provider {
        Objects.requireNonNull(wireName, "wireName");
        if (!NAME.matcher(wireName).matches()) {
            throw new IllegalArgumentException("a provider name is 1-32 lower-case letters, digits or '-': " + wireName);
        }
    }

    /** The provider of that name (a stored or configured one: the registry checks user input). */
    public static Provider of(String wireName) {
        return new Provider(wireName);
    }

    /** The name used in URLs, JSON and metric tags. */
    @Override
    public String toString() {
        return wireName;
    }
}
