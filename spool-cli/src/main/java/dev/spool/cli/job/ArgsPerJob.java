package dev.spool.cli.job;

/**
 * How many records go into one job: one (the default), up to {@code n} ({@code -n n}, values appended or
 * joined) or exactly {@code n} ({@code -N n}, the last job may get fewer; missing positions expand to
 * nothing), or as many as the line length allows ({@code -m}, {@code -X}, {@code --xargs}: {@link #UNLIMITED};
 * see {@link LineLimit}). With {@code n == 0} each record makes a job but its values are not inserted
 * ({@link JobArgs#NO_ARG}).
 *
 * @param count records per job, {@code >= 0}; {@link #UNLIMITED} for no count limit
 * @param exact GNU parallel's context replace ({@code -N}, {@code -X}): a word holding {@code {}} is repeated
 *              once per value ({@code x{}y} gives {@code xay xby}), instead of {@code {}} becoming all the
 *              values, space separated ({@code xa by})
 */
public record ArgsPerJob(int count, boolean exact) {

    /** No count limit: a job takes records until its command line is as long as {@link LineLimit} allows. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** The default: one record per job. */
    public static final ArgsPerJob ONE = new ArgsPerJob(1, false);

    /** Validates. */
    public ArgsPerJob {
        if (count < 0) {
            throw new JobSpecException((exact ? "-N" : "-n") + " must be 0 or more, not " + count);
        }
    }

    /** {@code -n count}. */
    public static ArgsPerJob atMost(int count) {
        return new ArgsPerJob(count, false);
    }

    /** {@code -N count}. */
    public static ArgsPerJob exactly(int count) {
        return new ArgsPerJob(count, true);
    }

    /** {@code -m} and {@code --xargs} (plain), {@code -X} (context replace): as many records as fit. */
    public static ArgsPerJob asManyAsFit(boolean contextReplace) {
        return new ArgsPerJob(UNLIMITED, contextReplace);
    }
}
