package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The spelling of each replacement string: {@code {}} {@code {.}} {@code {/}} {@code {//}} {@code {/.}}
 * {@code {#}} {@code {%}} by default, renamed by {@code -I}, {@code --extensionreplace},
 * {@code --basenamereplace}, {@code --dirnamereplace}, {@code --basenameextensionreplace},
 * {@code --seqreplace} and {@code --slotreplace}. Renaming one leaves the others as they are
 * ({@code -I XX} keeps {@code {.}}, and {@code {}} becomes plain text).
 *
 * <p>A name that starts with {@code {} also has positional forms: {@code {.}} gives {@code {2.}}, and
 * {@code -I {x}} gives {@code {2x}}; a name such as {@code XX} has none. Immutable.
 */
public final class ReplacementStrings {

    /** GNU parallel's defaults. */
    public static final ReplacementStrings DEFAULT = new ReplacementStrings(defaults());

    private final Map<ReplacementKind, String> names;

    private ReplacementStrings(Map<ReplacementKind, String> names) {
        this.names = names;
    }

    private static Map<ReplacementKind, String> defaults() {
        Map<ReplacementKind, String> m = new EnumMap<>(ReplacementKind.class);
        m.put(ReplacementKind.VALUE, "{}");
        m.put(ReplacementKind.NO_EXTENSION, "{.}");
        m.put(ReplacementKind.BASENAME, "{/}");
        m.put(ReplacementKind.DIRNAME, "{//}");
        m.put(ReplacementKind.BASENAME_NO_EXTENSION, "{/.}");
        m.put(ReplacementKind.SEQ, "{#}");
        m.put(ReplacementKind.SLOT, "{%}");
        return m;
    }

    /**
     * These names with {@code kind} spelled {@code name} ({@code -I name} renames {@link ReplacementKind#VALUE}).
     *
     * @param option the option being applied, for the error message ({@code "-I"})
     * @throws JobSpecException when {@code name} is empty
     */
    public ReplacementStrings rename(ReplacementKind kind, String name, String option) {
        if (name.isEmpty()) {
            throw new JobSpecException(option + " needs a non-empty replacement string, not ''");
        }
        Map<ReplacementKind, String> m = new EnumMap<>(names);
        m.put(kind, name);
        return new ReplacementStrings(m);
    }

    /** The spelling of {@code kind}. */
    public String name(ReplacementKind kind) {
        return names.get(kind);
    }

    /** Kinds in the order GNU parallel tries them: longest name first (ties in declaration order). */
    List<ReplacementKind> byLengthDescending() {
        List<ReplacementKind> kinds = new ArrayList<>(names.keySet());
        kinds.sort(Comparator.comparingInt((ReplacementKind k) -> -names.get(k).length()));
        return kinds;
    }
}
