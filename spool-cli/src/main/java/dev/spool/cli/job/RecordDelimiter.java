package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.List;

/**
 * What ends a record of input: a newline (the default), NUL ({@code -0}), or any non-empty string of bytes
 * ({@code -d}). The delimiter is matched literally, not as a regular expression.
 *
 * @param bytes the delimiter, an ISO-8859-1 string (one char per byte), never empty
 */
public record RecordDelimiter(String bytes) {

    /* Implementation notes
     *
     * GNU parallel 20221122 turns -d into Perl's $/ with unquote_printf, which applies, in this order,
     * s/\\t/TAB/g, s/\\n/NL/g, s/\\r/CR/g, then \ddd (three digits) and \d (one digit) as Perl octal
     * escapes. Nothing else is special: "\\" stays two backslashes, "\x41" stays four characters. Being
     * sequential substitutions, "\\t" is a backslash followed by TAB. An empty -d would put Perl in
     * paragraph mode (records separated by blank lines), which we do not support.
     */

    /** The default: newline. */
    public static final RecordDelimiter NEWLINE = new RecordDelimiter("\n");

    /** {@code -0} / {@code --null}. */
    public static final RecordDelimiter NUL = new RecordDelimiter("\0");

    /** Validates. */
    public RecordDelimiter {
        if (bytes.isEmpty()) {
            throw new UnsupportedFeatureException(
                    "-d '' (an empty delimiter: GNU parallel's paragraph mode) is not supported");
        }
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("the delimiter must be ISO-8859-1 bytes: " + bytes);
            }
        }
    }

    /**
     * Parses the argument of {@code -d} with GNU parallel's escapes: {@code \t}, {@code \n}, {@code \r},
     * {@code \ddd} and {@code \d} (octal; {@code \0} is NUL). Any other backslash is literal.
     *
     * @throws JobSpecException when the result is empty or an octal escape is above {@code \377}
     */
    public static RecordDelimiter parse(String arg) {
        String s = arg.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r");
        s = replaceOctal(s, 3, arg);
        s = replaceOctal(s, 1, arg);
        if (s.isEmpty()) {
            throw new UnsupportedFeatureException(
                    "-d '' (an empty delimiter: GNU parallel's paragraph mode) is not supported");
        }
        return new RecordDelimiter(s);
    }

    /** Replaces backslash followed by exactly {@code digits} decimal digits, as Perl's {@code "\ddd"} would. */
    private static String replaceOctal(String s, int digits, String arg) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && allDigits(s, i + 1, digits)) {
                out.append(perlEscape(s.substring(i + 1, i + 1 + digits), arg));
                i += 1 + digits;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean allDigits(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * What Perl makes of {@code "\" + digits}: the leading octal digits (at most three) are one character;
     * a digit 8 or 9 ends the octal number and is literal (a lone {@code \8} is just {@code 8}).
     */
    private static String perlEscape(String digits, String arg) {
        int n = 0;
        int octalDigits = 0;
        while (octalDigits < digits.length() && digits.charAt(octalDigits) <= '7') {
            n = n * 8 + (digits.charAt(octalDigits) - '0');
            octalDigits++;
        }
        if (n > 0xFF) {
            throw new JobSpecException("-d '" + arg + "': octal escape \\" + digits
                    + " is above \\377, not a byte");
        }
        String rest = digits.substring(octalDigits);
        return octalDigits == 0 ? rest : (char) n + rest;
    }

    /** Splits {@code text} at every delimiter, keeping empty pieces, including a trailing one. */
    List<String> splitAll(String text) {
        List<String> pieces = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = text.indexOf(bytes, from)) >= 0) {
            pieces.add(text.substring(from, at));
            from = at + bytes.length();
        }
        pieces.add(text.substring(from));
        return pieces;
    }
}
