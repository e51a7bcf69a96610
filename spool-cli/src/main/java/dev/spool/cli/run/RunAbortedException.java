package dev.spool.cli.run;

/**
 * The run cannot go on: the machine would not give it a thread (or memory). Every job has been stopped
 * when this is thrown; the command prints the message as its one error line and exits 255.
 */
public final class RunAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunAbortedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The error for {@code error}, thrown where the run needed a thread or memory, with {@code slots} job slots. */
    static RunAbortedException of(OutOfMemoryError error, int slots) {
        String what = String.valueOf(error.getMessage());
        if (what.contains("native thread")) {
            return new RunAbortedException("cannot start a thread with " + slots + " job slots: the process limits"
                    + " are reached ('ulimit -u', pids.max, kernel.threads-max); use a smaller -j", error);
        }
        return new RunAbortedException("out of memory with " + slots + " job slots (" + what
                + "); use a smaller -j", error);
    }
}
