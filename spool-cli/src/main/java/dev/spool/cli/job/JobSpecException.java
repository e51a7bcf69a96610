package dev.spool.cli.job;

/**
 * A bad or unsupported job specification: a malformed {@code -d}, {@code --colsep} or {@code --trim}, a
 * template the runner cannot execute safely, an input file that cannot be opened. The message names the
 * offending value and is meant for the user as is; the CLI turns this into exit status 255.
 */
public class JobSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error whose message names the bad value. */
    public JobSpecException(String message) {
        super(message);
    }

    /** An error caused by {@code cause} (an I/O error opening an input file, a regex syntax error). */
    public JobSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
