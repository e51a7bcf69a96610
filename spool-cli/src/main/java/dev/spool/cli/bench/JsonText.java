package dev.spool.cli.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A small JSON writer for the report: maps, lists, strings, numbers, booleans and null. No dependency. */
final class JsonText {

    private JsonText() {}

    /** {@code value} as JSON text, indented by two spaces per level. */
    static String write(Object value) {
        var out = new StringBuilder();
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : "null");
            case Float f -> write(out, f.doubleValue(), depth);
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (var entry : map.entrySet()) {
                    out.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                    first = false;
                    string(out, String.valueOf(entry.getKey()));
                    out.append(": ");
                    write(out, entry.getValue(), depth + 1);
                }
                out.append(first ? "}" : "\n" + "  ".repeat(depth) + "}");
            }
            case List<?> list -> {
                boolean scalars = list.stream().allMatch(v -> v == null || v instanceof Number || v instanceof String);
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (scalars) {
                        out.append(i == 0 ? "" : ", ");
                    } else {
                        out.append(i == 0 ? "\n" : ",\n").append("  ".repeat(depth + 1));
                    }
                    write(out, list.get(i), depth + 1);
                }
                out.append(scalars || list.isEmpty() ? "]" : "\n" + "  ".repeat(depth) + "]");
            }
            default -> string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
