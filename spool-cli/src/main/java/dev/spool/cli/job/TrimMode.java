package dev.spool.cli.job;

/**
 * {@code --trim}: which white space to remove from each value (each column with {@code --colsep}) before it
 * is inserted. White space is Perl's {@code \s} on bytes: space, tab, newline, CR, form feed and vertical
 * tab; not NBSP (0xA0) nor NEL (0x85).
 */
public enum TrimMode {
    /** {@code n}: keep everything (the default). */
    NONE,
    /** {@code l}: remove leading white space. */
    LEFT,
    /** {@code r}: remove trailing white space. */
    RIGHT,
    /** {@code lr} or {@code rl}: remove both. */
    BOTH;

    /**
     * Parses GNU parallel's {@code --trim} argument: {@code n}, {@code l}, {@code r}, {@code lr} or {@code rl}.
     *
     * @throws JobSpecException for anything else, naming the value
     */
    public static TrimMode parse(String arg) {
        return switch (arg) {
            case "n" -> NONE;
            case "l" -> LEFT;
            case "r" -> RIGHT;
            case "lr", "rl" -> BOTH;
            default -> throw new JobSpecException("--trim must be one of n, l, r, lr, rl, not '" + arg + "'");
        };
    }

    /** {@code value} with white space removed as this mode says. */
    public String apply(String value) {
        int start = 0;
        int end = value.length();
        if (this == LEFT || this == BOTH) {
            while (start < end && isSpace(value.charAt(start))) {
                start++;
            }
        }
        if (this == RIGHT || this == BOTH) {
            while (end > start && isSpace(value.charAt(end - 1))) {
                end--;
            }
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
