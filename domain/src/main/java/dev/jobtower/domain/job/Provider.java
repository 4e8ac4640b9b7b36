package dev.jobtower.domain.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The vendors Jobtower follows, by the lower-case name the API uses. */
public enum Provider {
    FINCH("finch"),
    ANON("anon"),
    INVOPOP("invopop");

    private final String wireName;

    Provider(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in URLs and JSON: {@code finch}, {@code anon}, {@code invopop}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Provider> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.wireName.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
