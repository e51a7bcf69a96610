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
    private final List<PerlReplacement> perl;
    private final PerlCoprocess coprocess;
    /** What opens and closes a Perl expression: {@code {=} and {@code =}} unless {@code --parens} says. */
    private final String perlOpen;
    private final String perlClose;

    private ReplacementStrings(Map<ReplacementKind, String> names) {
        this(names, List.of(), null, "{=", "=}");
    }

    private ReplacementStrings(Map<ReplacementKind, String> names, List<PerlReplacement> perl,
                               PerlCoprocess coprocess, String perlOpen, String perlClose) {
        this.names = names;
        this.perl = perl;
        this.coprocess = coprocess;
        this.perlOpen = perlOpen;
        this.perlClose = perlClose;
    }

    /**
     * These names with Perl expressions between the two halves of {@code parens} ({@code --parens ,,,,}
     * gives {@code ,,perl,,}), as GNU parallel splits it: the first half opens, the rest closes.
     *
     * @throws JobSpecException when a half is empty
     */
    public ReplacementStrings withParens(String parens) {
        int half = parens.length() / 2;
        if (half == 0) {
            throw new JobSpecException("--parens needs an opening and a closing string, such as {==} or ,,,,; got '"
                    + parens + "'");
        }
        return new ReplacementStrings(names, perl, coprocess, parens.substring(0, half), parens.substring(half));
    }

    /** What opens a Perl expression ({@code {=}). */
    String perlOpen() {
        return perlOpen;
    }

    /** What closes a Perl expression ({@code =}}). */
    String perlClose() {
        return perlClose;
    }

    /** These names and GNU parallel's {@code --plus} strings ({@code {..}}, {@code {+/}}, {@code {%.gz}}, …). */
    public ReplacementStrings withPlus() {
        ReplacementStrings r = this;
        for (PerlReplacement p : PerlReplacement.plusList()) {
            r = r.withPerl(p);
        }
        return r;
    }

    /** These names and the string {@code definition} defines ({@code --rpl 'TAG perl'}). */
    public ReplacementStrings withRpl(String definition) {
        return withPerl(PerlReplacement.parse(definition));
    }

    private ReplacementStrings withPerl(PerlReplacement p) {
        List<PerlReplacement> list = new ArrayList<>();
        for (PerlReplacement old : perl) {
            if (!old.tag().equals(p.tag())) {
                list.add(old);
            }
        }
        list.add(p);
        return new ReplacementStrings(names, List.copyOf(list), coprocess, perlOpen, perlClose);
    }

    /** These names, with Perl evaluated by {@code coprocess} (one per run). */
    public ReplacementStrings withCoprocess(PerlCoprocess coprocess) {
        return new ReplacementStrings(names, perl, coprocess, perlOpen, perlClose);
    }

    /** The Perl-defined strings, in the order defined. */
    List<PerlReplacement> perl() {
        return perl;
    }

    /** The run's co-process, or null when none was given (then Perl is refused). */
    PerlCoprocess coprocess() {
        return coprocess;
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
        return new ReplacementStrings(m, perl, coprocess, perlOpen, perlClose);
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
