package dev.spool.cli.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A replacement string defined by a Perl expression: {@code --rpl 'TAG perl'}, or one of {@code --plus}'s.
 * A TAG may hold a regular expression in parentheses ({@code {%(.+?)}}), whose groups the expression reads
 * as {@code $$1}, {@code $$2}, …; a TAG starting with {@code {} also has positional forms
 * ({@code {2..}}, {@code {2%.gz}}). Matching a TAG gives the Perl text that GNU parallel 20221122 would
 * put between {@code {=} and {@code =}}. Immutable.
 *
 * @param tag  the replacement string as defined, regular expression included
 * @param perl the Perl expression
 */
public record PerlReplacement(String tag, String perl, Pattern plain, Pattern positional) {

    /** GNU parallel 20221122's {@code --plus} strings (its {@code %Global::plus}), verbatim. */
    static final Map<String, String> PLUS = plus();

    /**
     * {@code --rpl}'s argument: the TAG, white space, the Perl expression.
     *
     * @throws JobSpecException when there is no expression, or the TAG's pattern does not compile
     */
    public static PerlReplacement parse(String definition) {
        String[] parts = definition.split("\\s", 2);
        if (parts[0].isEmpty()) {
            throw new JobSpecException("--rpl '" + definition + "': give the replacement string, a space and a"
                    + " Perl expression, as in --rpl '{..} s:\\.[^.]+$::'");
        }
        return of(parts[0], parts.length > 1 ? parts[1] : "");
    }

    /** The replacement string {@code tag} defined by {@code perl}. */
    static PerlReplacement of(String tag, String perl) {
        // GNU: /^( [^(]* )( \(.*\) )?( [^)]* )$/xs, the prefix, the group regexp and the postfix
        Matcher m = Pattern.compile("^([^(]*)(\\(.*\\))?([^)]*)$", Pattern.DOTALL).matcher(tag);
        String prefix = tag;
        String group = "";
        String postfix = "";
        if (m.matches()) {
            prefix = m.group(1);
            group = m.group(2) == null ? "" : m.group(2);
            postfix = m.group(3);
        }
        try {
            Pattern plain = Pattern.compile(Pattern.quote(prefix) + group + quote(postfix), Pattern.DOTALL);
            Pattern positional = !prefix.startsWith("{") ? null
                    : Pattern.compile("\\{(-?\\d+)\\s*" + quote(prefix.substring(1)) + group + quote(postfix),
                            Pattern.DOTALL);
            return new PerlReplacement(tag, perl, plain, positional);
        } catch (PatternSyntaxException e) {
            throw new JobSpecException("--rpl '" + tag + "': the pattern does not compile: " + e.getDescription(), e);
        }
    }

    private static String quote(String s) {
        return s.isEmpty() ? "" : Pattern.quote(s);
    }

    /** The list of {@code --plus} strings. */
    static List<PerlReplacement> plusList() {
        return PLUS.entrySet().stream().map(e -> of(e.getKey(), e.getValue())).toList();
    }

    /**
     * The Perl text of this string matched by {@code m} (of {@link #plain()} or, with {@code position},
     * of {@link #positional()}): {@code $_pAr_gRp1 = "…";} for each group, then the expression with
     * {@code $$n} read as those variables, after the position. As GNU parallel builds it.
     */
    String perlText(Matcher m, String position) {
        int first = position == null ? 1 : 2;
        StringBuilder setArgs = new StringBuilder();
        for (int g = first, n = 1; g <= m.groupCount() && m.group(g) != null; g++, n++) {
            setArgs.append("$_pAr_gRp").append(n).append(" = \"").append(perlQuote(m.group(g))).append("\";");
        }
        String expression = perl.replaceAll("\\$\\$(\\d+)", "\\$_pAr_gRp$1");
        return (position == null ? "" : position) + setArgs + expression;
    }

    /** GNU parallel's {@code perl_quote_scalar}: a backslash before {@code \ " $ @}. */
    private static String perlQuote(String s) {
        return s.replaceAll("[\\\\\"$@]", "\\\\$0");
    }

    private static Map<String, String> plus() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("{+/}", "s:/[^/]*$:: || s:.*$::");
        m.put("{+.}", "s:.*\\.:: || s:.*$::");
        m.put("{+..}", "s:.*\\.([^/.]*\\.[^/.]*)$:$1: || s:.*$::");
        m.put("{+...}", "s:.*\\.([^/.]*\\.[^/.]*\\.[^/.]*)$:$1: || s:.*$::");
        m.put("{..}", "s:\\.[^/.]*\\.[^/.]*$::");
        m.put("{...}", "s:\\.[^/.]*\\.[^/.]*\\.[^/.]*$::");
        m.put("{/..}", "s:.*/::; s:\\.[^/.]*\\.[^/.]*$::");
        m.put("{/...}", "s:.*/::; s:\\.[^/.]*\\.[^/.]*\\.[^/.]*$::");
        m.put("{choose_k}", "for $t (2..$#arg){ if($arg[$t-1] ge $arg[$t]) { skip() } }");
        m.put("{uniq}", "if(::uniq(@arg) != @arg) { skip(); }");
        m.put("{##}", "1 $_=total_jobs()");
        m.put("{0%}", "1 $f=1+int((log($Global::max_jobs_running||1)/log(10)));$_=sprintf(\"%0${f}d\",slot())");
        m.put("{0#}", "1 $f=1+int((log(total_jobs())/log(10)));$_=sprintf(\"%0${f}d\",seq())");
        m.put("{:-([^}]+?)}", "$_ ||= $$1");
        m.put("{:(\\d+?)}", "substr($_,0,$$1) = \"\"");
        m.put("{:(\\d+?):(\\d+?)}", "$_ = substr($_,$$1,$$2);");
        m.put("{#([^#}][^}]*?)}", "$nongreedy=::make_regexp_ungreedy($$1);s/^$nongreedy(.*)/$1/;");
        m.put("{##([^#}][^}]*?)}", "s/^$$1//;");
        m.put("{%([^}]+?)}", "$nongreedy=::make_regexp_ungreedy($$1);s/(.*)$nongreedy$/$1/;");
        m.put("{%%([^}]+?)}", "s/$$1$//;");
        m.put("{/([^#%}/]+?)/([^}]*?)}", "s/$$1/$$2/;");
        m.put("{/#([^}]+?)/([^}]*?)}", "s/^$$1/$$2/g;");
        m.put("{/%([^}]+?)/([^}]*?)}", "s/$$1$/$$2/g;");
        m.put("{//([^}]+?)/([^}]*?)}", "s/$$1/$$2/g;");
        m.put("{^([^}]+?)}", "s/^($$1)/uc($1)/e;");
        m.put("{^^([^}]+?)}", "s/($$1)/uc($1)/eg;");
        m.put("{,([^}]+?)}", "s/^($$1)/lc($1)/e;");
        m.put("{,,([^}]+?)}", "s/($$1)/lc($1)/eg;");
        m.put("{slot}", "1 $_=\"\\${PARALLEL_JOBSLOT}\";uq()");
        m.put("{host}", "1 $_=\"\\${PARALLEL_SSHHOST}\";uq()");
        m.put("{sshlogin}", "1 $_=\"\\${PARALLEL_SSHLOGIN}\";uq()");
        m.put("{hgrp}", "1 $_=\"\\${PARALLEL_HOSTGROUPS}\";uq()");
        m.put("{agrp}", "1 $_=\"\\${PARALLEL_ARGHOSTGROUPS}\";uq()");
        return java.util.Collections.unmodifiableMap(m);
    }
}
