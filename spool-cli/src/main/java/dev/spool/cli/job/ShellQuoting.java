package dev.spool.cli.job;

/**
 * Quoting of values for a POSIX shell. Two styles: GNU parallel's, for the line {@code --dry-run} prints,
 * and Spool's, for the line a shell actually runs.
 */
public final class ShellQuoting {

    private ShellQuoting() {}

    /**
     * GNU parallel's {@code shell_quote_scalar_default}: a value made only of {@code -_.+/}, ASCII letters
     * and digits is left as is; the empty value is {@code ''}; anything else is wrapped in single quotes,
     * each {@code '} written {@code '"'"'}, and a leading or trailing {@code ''} dropped.
     * Safe on its own, but an unquoted value can merge with the text around it ({@code $HO{}} with
     * {@code ME}), so Spool runs {@link #singleQuote} instead and uses this only to display.
     */
    public static String gnuQuote(String value) {
        if (value.isEmpty()) {
            return "''";
        }
        if (isGnuSafe(value)) {
            return value;
        }
        String q = "'" + value.replace("'", "'\"'\"'") + "'";
        if (q.startsWith("''")) {
            q = q.substring(2);
        }
        if (q.endsWith("''")) {
            q = q.substring(0, q.length() - 2);
        }
        return q;
    }

    /** Whether GNU parallel leaves {@code value} unquoted. */
    static boolean isGnuSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code value} as one single-quoted shell word: {@code '} + value with each {@code '} written
     * {@code '\''} + {@code '}. Every byte except NUL survives {@code sh} unchanged, and nothing in it is
     * ever expanded or executed.
     */
    public static String singleQuote(String value) {
        return "'" + insideSingleQuotes(value) + "'";
    }

    /** {@code value} for insertion inside an open single-quoted string: each {@code '} written {@code '\''}. */
    public static String insideSingleQuotes(String value) {
        return value.replace("'", "'\\''");
    }
}
