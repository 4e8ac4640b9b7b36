package dev.jobtower.app.web;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.Problem;
import io.micronaut.http.HttpRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Query parameters checked against what an endpoint accepts: an unknown one is a 400, and so is a value with a
 * NUL character (PostgreSQL cannot store or compare text holding one).
 */
public final class QueryParameters {
    private QueryParameters() {
    }

    public static void requireKnown(HttpRequest<?> request, Set<String> allowed) {
        if (allKnown(request, allowed)) {
            return; // the common case, without sorting names for a problem there is not
        }
        List<Problem.ParameterError> errors = new ArrayList<>();
        for (String name : new TreeSet<>(request.getParameters().names())) {
            if (!allowed.contains(name)) {
                errors.add(new Problem.ParameterError(printable(name), "is not a known query parameter"));
            } else if (request.getParameters().getAll(name).stream().anyMatch(QueryParameters::hasNul)) {
                errors.add(new Problem.ParameterError(name, NUL_DETAIL));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static boolean allKnown(HttpRequest<?> request, Set<String> allowed) {
        for (String name : request.getParameters().names()) {
            if (!allowed.contains(name)) {
                return false;
            }
            for (String value : request.getParameters().getAll(name)) {
                if (hasNul(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What a 400 says of text with a NUL character. */
    public static final String NUL_DETAIL = "must not contain a NUL character (U+0000)";

    /** True when the text holds a NUL character, which PostgreSQL text cannot hold. */
    public static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** A name as a problem may quote it: NUL characters shown as U+0000. */
    static String printable(String name) {
        return name.replace("\u0000", "U+0000");
    }

    /** Every value of a repeatable parameter, comma lists split, blanks dropped. */
    public static List<String> values(HttpRequest<?> request, String name) {
        List<String> values = new ArrayList<>();
        for (String raw : request.getParameters().getAll(name)) {
            for (String part : raw.split(",")) {
                String v = part.strip();
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** The single value of a parameter, or null; given twice is a 400. */
    public static String single(HttpRequest<?> request, String name) {
        List<String> all = request.getParameters().getAll(name);
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw ApiException.validation(name, "must be given once");
        }
        return all.get(0);
    }
}
