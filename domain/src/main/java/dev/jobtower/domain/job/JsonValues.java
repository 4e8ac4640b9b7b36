package dev.jobtower.domain.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable copies of JSON-shaped values (maps, lists, strings, numbers, booleans, nulls). */
public final class JsonValues {
    private JsonValues() {
    }

    /** An unmodifiable, order-keeping deep copy; {@code null} becomes an empty map. Null values are kept. */
    public static Map<String, Object> copyOf(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, copyValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), copyValue(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(copyValue(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** An unmodifiable copy of a list of strings without nulls; {@code null} becomes an empty list. */
    public static List<String> strings(List<String> list) {
        if (list == null) {
            return List.of();
        }
        return list.stream().filter(s -> s != null).toList();
    }
}
