package dev.spool.cli.job;

import java.util.Set;

/**
 * Where, in the shell syntax of a template, a replacement string sits, and therefore how a value must be
 * written there so that {@code sh} reads it back as exactly its bytes, never as code.
 *
 * <p>Values are written as GNU parallel writes them wherever that is safe, so that the shell line, which is
 * also what {@code --dry-run}, {@code -v} and the joblog show, reads as GNU parallel's: a value made only of
 * letters, digits and {@code -_.+/} is inserted bare, anything else quoted ({@link ShellQuoting#gnuQuote}).
 * Bare is unsafe where the value would join the text around it into something else, so there such a value
 * is quoted too: after {@code $NAME} ({@code $HO{}} with {@code HOME}), in a word holding {@code ~}, before
 * {@code =}, {@code (} or {@code [}, on a here-document's {@code <<} line, and a value that is a reserved
 * word ({@code if}, {@code done}, …).
 *
 * @param quote      the quoting in force at that point
 * @param inBacktick inside a {@code `…`} command substitution (one level), whose text the shell unescapes
 *                   once before parsing it
 * @param bareSafe   whether a value of only letters, digits and {@code -_.+/} may be inserted unquoted here:
 *                   the template text next to it cannot join it into a parameter name, a tilde prefix, an
 *                   assignment, a function definition or a here-document delimiter
 */
record Insertion(Quote quote, boolean inBacktick, boolean bareSafe) {

    /** The shell's reserved words made of letters, which a bare value could become at a command's start. */
    static final Set<String> RESERVED_WORDS = Set.of("case", "coproc", "do", "done", "elif", "else", "esac",
            "fi", "for", "function", "if", "in", "select", "then", "time", "until", "while");

    /** The quoting in force where a value is inserted. */
    enum Quote {
        /** Outside quotes: the value bare or GNU-quoted, {@code 'value'}. */
        NONE,
        /** Inside {@code '…'}: the value's {@code '} become {@code '\''}. */
        SINGLE,
        /** Inside {@code "…"}: the value bare, or the quotes closed around it: {@code "'value'"}. */
        DOUBLE,
        /**
         * Inside {@code $((…))}, where quotes are a syntax error: GNU parallel's style, so a plain number
         * or name works and anything else fails to parse rather than run.
         */
        ARITHMETIC,
        /** Inside a {@code #} comment: nothing is inserted (a newline in the value would end the comment). */
        COMMENT
    }

    /** {@code value} written for this place in the shell line. */
    String encode(String value) {
        boolean bare = bareSafe && ShellQuoting.isGnuSafe(value);
        String text = switch (quote) {
            case NONE -> bare && !value.isEmpty() && !RESERVED_WORDS.contains(value) ? value : quoted(value);
            case SINGLE -> ShellQuoting.insideSingleQuotes(value);
            case DOUBLE -> bare ? value : "\"" + quoted(value) + "\"";
            case ARITHMETIC -> ShellQuoting.gnuQuote(value);
            case COMMENT -> "";
        };
        return inBacktick ? escapeForBackticks(text) : text;
    }

    /** {@code value} as a quoted word: GNU parallel's quoting, which leaves a GNU-safe value bare, else {@code 'value'}. */
    private static String quoted(String value) {
        return !value.isEmpty() && ShellQuoting.isGnuSafe(value) ? ShellQuoting.singleQuote(value)
                : ShellQuoting.gnuQuote(value);
    }

    /** Inside backticks the shell removes one backslash before {@code \ ` $}; add them back. */
    private static String escapeForBackticks(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '`' || c == '$') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
