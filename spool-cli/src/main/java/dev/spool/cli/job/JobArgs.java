package dev.spool.cli.job;

import java.util.List;
import java.util.Objects;

/**
 * The input of one job: its sequence number ({@code {#}}, from 1) and its values in order: the values of
 * every record of the job ({@code -n}/{@code -N} put several records in one job), each record contributing
 * one value per input source, or one per column with {@code --colsep}. {@code {1}} is {@code values().get(0)}.
 *
 * <p>Values are ISO-8859-1 strings (one char per byte) and never contain NUL. A value may be
 * {@link #NO_ARG}: a record that was read but whose value is not inserted ({@code -N 0}); it expands to
 * nothing, not to an empty string.
 */
public record JobArgs(long seq, List<String> values) {

    /**
     * Stands for "no argument": what {@code -N 0} / {@code -n 0} inserts for each record read. Compared with
     * {@code equals}; it starts with NUL, which no real value holds.
     */
    public static final String NO_ARG = "\0noarg";

    /** Validates and copies. */
    public JobArgs {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1: " + seq);
        }
        values = List.copyOf(values);
        for (String value : values) {
            if (value.indexOf('\0') >= 0 && !value.equals(NO_ARG)) {
                throw new IllegalArgumentException("a value holds NUL: " + value.replace("\0", "\\0"));
            }
        }
    }

    /** {@code values} as given; for readable tests. */
    public static JobArgs of(long seq, String... values) {
        return new JobArgs(seq, List.of(values));
    }

    /** Whether {@code value} is the {@link #NO_ARG} marker. */
    public static boolean isNoArg(String value) {
        return Objects.equals(value, NO_ARG);
    }
}
