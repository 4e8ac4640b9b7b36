package dev.jobtower.adapters.invopop.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Coerces loosely typed JSON values the way the wire records' factories need. */
final class WireValues {
    private WireValues() {
    }

    /** A whole number from a JSON number or a string of digits; anything else (e.g. {@code "integer"}) is absent. */
    static Long wholeNumber(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) ? n.longValue() : null;
        }
        if (value instanceof String s) {
            String t = s.strip();
            if (t.matches("-?\\d{1,18}")) {
                return Long.parseLong(t);
            }
        }
        return null;
    }

    static Integer smallWholeNumber(Object value) {
        Long n = wholeNumber(value);
        return n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? null : n.intValue();
    }

    /** A boolean from a JSON boolean or the strings {@code true}/{@code false}; anything else is absent. */
    static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.strip();
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return null;
    }

    /**
     * A map of strings from a JSON object: scalar values become their text, nulls and nested values are
     * dropped; anything but an object (e.g. the placeholder {@code "object"}) is absent.
     */
    static Map<String, String> stringMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && (v instanceof String || v instanceof Number || v instanceof Boolean)) {
                out.put(k.toString(), v.toString());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? null : list.stream().filter(e -> e != null).toList();
    }
}
