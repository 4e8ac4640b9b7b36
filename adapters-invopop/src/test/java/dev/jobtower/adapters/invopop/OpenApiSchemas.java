package dev.jobtower.adapters.invopop;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small OpenAPI 3.0 schema checker for the parts the Invopop spec uses ({@code $ref}, {@code type},
 * {@code properties}, {@code items}, {@code additionalProperties}, {@code required}, {@code nullable},
 * {@code enum}, {@code format: uuid}). It reports type errors the way Prism's validation would, so fixtures
 * and request bodies stay faithful to the spec without a Node tool in the build.
 */
final class OpenApiSchemas {
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private final Map<String, Object> spec;

    private OpenApiSchemas(Map<String, Object> spec) {
        this.spec = spec;
    }

    /** The vendored copy of Invopop's {@code transform_v1.yaml}. */
    static OpenApiSchemas transformV1() {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return new OpenApiSchemas(yaml.load(Fixtures.text("spec/transform_v1.yaml")));
    }

    static String specText() {
        return new String(Fixtures.bytes("spec/transform_v1.yaml"), StandardCharsets.UTF_8);
    }

    Map<String, Object> component(String name) {
        return map(map(map(spec.get("components")).get("schemas")).get(name));
    }

    /** The request body schema of an operation, e.g. {@code ("/transform/v1/jobs/{id}", "put")}. */
    Map<String, Object> requestBody(String path, String method) {
        Map<String, Object> op = operation(path, method);
        return map(map(map(map(op.get("requestBody")).get("content")).get("application/json")).get("schema"));
    }

    /** The schema of an operation's answer with {@code status}. */
    Map<String, Object> response(String path, String method, String status) {
        Map<String, Object> op = operation(path, method);
        return map(map(map(map(map(op.get("responses")).get(status)).get("content")).get("application/json")).get("schema"));
    }

    Map<String, Object> parameter(String path, String method, String name) {
        for (Object p : (List<?>) operation(path, method).get("parameters")) {
            Map<String, Object> param = map(p);
            if (name.equals(param.get("name"))) {
                return map(param.get("schema"));
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }

    private Map<String, Object> operation(String path, String method) {
        Map<String, Object> op = map(map(map(spec.get("paths")).get(path)).get(method));
        if (op == null) {
            throw new IllegalArgumentException("no operation " + method + " " + path);
        }
        return op;
    }

    /** Every way {@code value} (parsed JSON: maps, lists, strings, numbers, booleans, null) breaks {@code schema}. */
    List<String> violations(Object value, Map<String, Object> schema) {
        List<String> errors = new ArrayList<>();
        check("$", value, schema, errors);
        return errors;
    }

    private void check(String at, Object value, Map<String, Object> schema, List<String> errors) {
        if (schema == null) {
            return;
        }
        if (schema.get("$ref") instanceof String ref) {
            check(at, value, component(ref.substring(ref.lastIndexOf('/') + 1)), errors);
            return;
        }
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable")) && schema.get("type") != null) {
                errors.add(at + " is null but not nullable");
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type != null && !hasType(value, type)) {
            errors.add(at + " must be " + type + " but is " + value.getClass().getSimpleName() + " " + value);
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            errors.add(at + " must be one of " + allowed);
        }
        if ("uuid".equals(schema.get("format")) && value instanceof String s && !UUID_FORMAT.matcher(s).matches()) {
            errors.add(at + " must match format uuid");
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> properties = map(schema.get("properties"));
            if (schema.get("required") instanceof List<?> required) {
                for (Object name : required) {
                    if (!object.containsKey(name)) {
                        errors.add(at + " must have required property " + name);
                    }
                }
            }
            Object additional = schema.get("additionalProperties");
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (properties != null && properties.containsKey(name)) {
                    check(at + "." + name, e.getValue(), map(properties.get(name)), errors);
                } else if (additional instanceof Map<?, ?> additionalSchema) {
                    check(at + "." + name, e.getValue(), map(additionalSchema), errors);
                } else if (Boolean.FALSE.equals(additional)) {
                    errors.add(at + " must not have property " + name);
                }
            }
        }
        if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check(at + "[" + i + "]", list.get(i), map(items), errors);
            }
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
            case "number" -> value instanceof Number;
            default -> true;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
