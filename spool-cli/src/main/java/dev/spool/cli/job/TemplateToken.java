package dev.spool.cli.job;

/**
 * A piece of a parsed command template, following GNU parallel's tokenisation: the command words are joined
 * by {@link WordBreak}s, white-space characters inside a word are single {@link Blank}s, and replacement
 * strings are {@link Slot}s.
 */
sealed interface TemplateToken {

    /** The space GNU parallel puts between two command words. */
    record WordBreak() implements TemplateToken {}

    /** An empty command word ({@code ''}): renders as nothing. */
    record EmptyWord() implements TemplateToken {}

    /** One white-space character (Perl's {@code \s}) inside a command word. */
    record Blank(char c) implements TemplateToken {
        /** Whether the shell splits words here (space and tab; newline is shell syntax). */
        boolean separatesWords() {
            return c == ' ' || c == '\t';
        }
    }

    /** Literal text with no white space. */
    record Text(String text) implements TemplateToken {}

    /**
     * A replacement string.
     *
     * @param positional {@code {n}}-style; {@code {0}} is not positional (Perl's "0" is false), {@code {00}} is
     * @param position   the {@code n} of a positional form (may be 0 or negative: counted from the end)
     * @param index      this slot's number in the template, from 0, in order of appearance
     * @param source     the text as written, for messages
     * @param perl       the Perl expression that computes the value ({@code {= =}}, {@code --rpl},
     *                   {@code --plus}), its position removed; null for the built-in strings, which
     *                   {@code kind} computes
     */
    record Slot(ReplacementKind kind, boolean positional, long position, int index, String source, String perl)
            implements TemplateToken {

        /** A built-in replacement string. */
        Slot(ReplacementKind kind, boolean positional, long position, int index, String source) {
            this(kind, positional, position, index, source, null);
        }
    }
}
