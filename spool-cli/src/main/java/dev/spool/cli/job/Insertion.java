package dev.spool.cli.job;

/**
 * Where, in the shell syntax of a template, a replacement string sits, and therefore how a value must be
 * written there so that {@code sh} reads it back as exactly its bytes, never as code.
 *
 * @param quote      the quoting in force at that point
 * @param inBacktick inside a {@code `…`} command substitution (one level), whose text the shell unescapes
 *                   once before parsing it
 */
record Insertion(Quote quote, boolean inBacktick) {

    /** The quoting in force where a value is inserted. */
    enum Quote {
        /** Outside quotes: the value becomes {@code 'value'}. */
        NONE,
        /** Inside {@code '…'}: the value's {@code '} become {@code '\''}. */
        SINGLE,
        /** Inside {@code "…"}: the quotes are closed around {@code 'value'}: {@code "'value'"}. */
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
        String text = switch (quote) {
            case NONE -> ShellQuoting.singleQuote(value);
            case SINGLE -> ShellQuoting.insideSingleQuotes(value);
            case DOUBLE -> "\"" + ShellQuoting.singleQuote(value) + "\"";
            case ARITHMETIC -> ShellQuoting.gnuQuote(value);
            case COMMENT -> "";
        };
        return inBacktick ? escapeForBackticks(text) : text;
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
