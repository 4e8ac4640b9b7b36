package dev.jobtower.app.web;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.Problem;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON request body read by hand, so every problem names its field: unknown fields, wrong types
 * and missing required fields are collected and answered together as one 400.
 */
public final class JsonBody {
    private final JsonNode root;
    private final List<Problem.ParameterError> errors = new ArrayList<>();

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses an object body; a missing, malformed or non-object body is a 400 naming {@code body}. */
    public static JsonBody parse(JsonMapper mapper, String text, Set<String> allowedFields) {
        if (text == null || text.isBlank()) {
            throw ApiException.validation("body", "is required (a JSON object)");
        }
        JsonNode node;
        try {
            node = mapper.readValue(text, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw ApiException.validation("body", "is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        JsonBody body = new JsonBody(node);
        for (Map.Entry<String, JsonNode> entry : node.entries()) {
            if (!allowedFields.contains(entry.getKey())) {
                body.errors.add(new Problem.ParameterError(QueryParameters.printable(entry.getKey()), "is not a known field"));
            } else {
                body.rejectNul(entry.getKey(), entry.getValue());
            }
        }
        return body;
    }

    /**
     * A NUL character anywhere in a field (nested strings and member names included) is a 400 naming the string's
     * path ({@code params.args.list[1]}), or the object's for a member name: PostgreSQL text and JSONB cannot hold one.
     */
    private void rejectNul(String path, JsonNode value) {
        if (value.isString()) {
            if (QueryParameters.hasNul(value.getStringValue())) {
                errors.add(new Problem.ParameterError(path, QueryParameters.NUL_DETAIL));
            }
        } else if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.entries()) {
                if (QueryParameters.hasNul(e.getKey())) {
                    errors.add(new Problem.ParameterError(path, "must not have a member name with a NUL character (U+0000)"));
                } else {
                    rejectNul(path + "." + e.getKey(), e.getValue());
                }
            }
        } else if (value.isArray()) {
            int i = 0;
            for (JsonNode v : value.values()) {
                rejectNul(path + "[" + i++ + "]", v);
            }
        }
    }

    public boolean has(String field) {
        JsonNode value = root.get(field);
        return value != null && !value.isNull();
    }

    /** A string field; {@code maxLength} bounds it. Missing or null gives null (and an error when required). */
    public String string(String field, boolean required, int maxLength) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.ParameterError(field, "is required"));
            }
            return null;
        }
        if (!value.isString()) {
            errors.add(new Problem.ParameterError(field, "must be a string"));
            return null;
        }
        String text = value.getStringValue();
        if (QueryParameters.hasNul(text)) {
            return null; // reported by parse
        }
        if (required && text.isBlank()) {
            errors.add(new Problem.ParameterError(field, "must not be blank"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new Problem.ParameterError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        return text;
    }

    /** A nested object, as plain Java values (maps, lists, strings, numbers, booleans, nulls). */
    public Map<String, Object> object(String field, boolean required) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.ParameterError(field, "is required"));
            }
            return null;
        }
        if (!value.isObject()) {
            errors.add(new Problem.ParameterError(field, "must be a JSON object"));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) toJava(value);
        return map;
    }

    /** A string inside a nested object ({@code credentials.token}). */
    public String nestedString(String object, String field, boolean required, int maxLength) {
        JsonNode parent = root.get(object);
        String name = object + "." + field;
        JsonNode value = parent == null || !parent.isObject() ? null : parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.ParameterError(name, "is required"));
            }
            return null;
        }
        if (!value.isString() || value.getStringValue().isBlank()) {
            errors.add(new Problem.ParameterError(name, "must be a non-blank string"));
            return null;
        }
        if (QueryParameters.hasNul(value.getStringValue())) {
            return null; // reported by parse
        }
        if (value.getStringValue().length() > maxLength) {
            errors.add(new Problem.ParameterError(name, "must be at most " + maxLength + " characters"));
            return null;
        }
        return value.getStringValue();
    }

    /** A field as plain Java values (maps, lists, strings, numbers, booleans), or null when missing or null. */
    public Object value(String field) {
        return toJava(root.get(field));
    }

    public void error(String parameter, String detail) {
        errors.add(new Problem.ParameterError(parameter, detail));
    }

    /** Throws one 400 with every collected error, if there are any. */
    public void requireValid() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    static Object toJava(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.entries()) {
                map.put(e.getKey(), toJava(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode v : node.values()) {
                list.add(toJava(v));
            }
            return list;
        }
        if (node.isString()) {
            return node.getStringValue();
        }
        if (node.isBoolean()) {
            return node.getBooleanValue();
        }
        if (node.isNumber()) {
            return node.getNumberValue();
        }
        return null;
    }
}
