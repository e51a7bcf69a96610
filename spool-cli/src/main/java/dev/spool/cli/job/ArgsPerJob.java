package dev.spool.cli.job;

/**
 * How many records go into one job: one (the default), up to {@code n} ({@code -n n}, values appended or
 * joined) or exactly {@code n} ({@code -N n}, the last job may get fewer; missing positions expand to
 * nothing). With {@code n == 0} each record makes a job but its values are not inserted
 * ({@link JobArgs#NO_ARG}).
 *
 * @param count records per job, {@code >= 0}
 * @param exact {@code -N}: also switches the template to GNU parallel's context replace, where a word
 *              holding {@code {}} is repeated once per value ({@code x{}y} gives {@code xay xby})
 */
public record ArgsPerJob(int count, boolean exact) {

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
}
