package dev.jobtower.app.web;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.Problem;
import io.micronaut.http.HttpRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Query parameters checked against what an endpoint accepts: an unknown one is a 400. */
public final class QueryParameters {
    private QueryParameters() {
    }

    public static void requireKnown(HttpRequest<?> request, Set<String> allowed) {
        List<Problem.ParameterError> errors = new ArrayList<>();
        for (String name : new TreeSet<>(request.getParameters().names())) {
            if (!allowed.contains(name)) {
                errors.add(new Problem.ParameterError(name, "is not a known query parameter"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
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
