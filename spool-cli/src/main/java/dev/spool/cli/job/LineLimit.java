package dev.spool.cli.job;

/**
 * How long a job's command line may be, as GNU parallel measures it ({@link LineLength}), and whether the
 * records of the line during which input ends are spread over the job slots. A job takes records (up to
 * its {@link ArgsPerJob} count) while its estimated length stays below {@code maxChars}; the record that
 * reaches it starts the next job; a single record that reaches it alone is an error.
 *
 * @param maxChars   a line's estimated length must stay below this ({@code -s}); {@code >= 1}
 * @param spreadOver {@code -m} and {@code -X}: the job slots ({@code -j}) over which the records of the line
 *                   that reaches the end of input are spread evenly, as GNU parallel does, so that a short
 *                   input still runs in parallel; 0 never spreads ({@code --xargs}, {@code -n})
 */
public record LineLimit(int maxChars, int spreadOver) {

    /**
     * GNU parallel 20221122's default on Linux: {@code (130329 - 3000) / 2}. It probes the longest command line
     * {@code sh -c} accepts (a single argument is capped at 128 KiB there, and its binary search stops within 1%
     * at 130329), keeps 3000 for its wrapping and halves the rest for hex-encoding.
     */
    public static final int GNU_DEFAULT_MAX_CHARS = 63_664;

    /** No limit: for callers that group by count only. */
    public static final LineLimit NONE = new LineLimit(Integer.MAX_VALUE, 0);

    /** Validates. */
    public LineLimit {
        if (maxChars < 1) {
            throw new JobSpecException("-s must be 1 or more, not " + maxChars);
        }
        if (spreadOver < 0) {
            throw new IllegalArgumentException("spreadOver must be >= 0: " + spreadOver);
        }
    }

    /** Whether a line can ever be too long, so that lines must be measured. */
    boolean limits() {
        return maxChars != Integer.MAX_VALUE;
    }
}
