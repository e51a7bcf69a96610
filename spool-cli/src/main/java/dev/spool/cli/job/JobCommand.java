package dev.spool.cli.job;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One job, ready to launch.
 *
 * @param argv     the program and its arguments, byte for byte; {@code argv.get(0)} may be a bare name to be
 *                 looked up in {@code PATH}. When {@code viaShell}, it is {@code /bin/sh -c LINE}
 * @param viaShell whether the command runs through {@code sh -c} (it has shell syntax) rather than directly
 * @param display  the command as a correctly quoted shell line: what {@code --dry-run} and {@code -v} print
 *                 and the joblog's Command column. When {@code viaShell} it is exactly the line given to
 *                 {@code sh -c}, after {@code $PARALLEL_ENV}'s code if any; otherwise a line that {@code sh} would run as this argv. It reads as GNU
 *                 parallel's line wherever GNU parallel's is safe. An ISO-8859-1 string: write it with that
 *                 charset
 * @param skipped  a Perl expression called {@code skip()}: the job is not run; as in GNU parallel,
 *                 {@code --dry-run} still shows it and the joblog has it with exit value -2 (a failure)
 */
public record JobCommand(List<byte[]> argv, boolean viaShell, String display, boolean skipped) {

    /** Copies. */
    public JobCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv for " + display);
        }
    }

    /** A job to run. */
    public JobCommand(List<byte[]> argv, boolean viaShell, String display) {
        this(argv, viaShell, display, false);
    }

    /** The job, shown as {@code display}, that a Perl expression's {@code skip()} left out. */
    public static JobCommand skippedJob(String display) {
        return new JobCommand(List.of("true".getBytes(StandardCharsets.ISO_8859_1)), false, display, true);
    }

    /** {@link #argv()} decoded as ISO-8859-1, one string per argument; for messages and tests. */
    public List<String> argvText() {
        return argv.stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
    }

    @Override
    public String toString() {
        return "JobCommand[argv=" + argvText() + ", viaShell=" + viaShell + ", display=" + display
                + (skipped ? ", skipped" : "") + "]";
    }
}
