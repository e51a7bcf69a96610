package dev.spool.process;

import java.util.OptionalInt;

/**
 * A process worker's child JVM ended while it held a task: it called {@code System.exit}, ran out of
 * memory, crashed, or was killed. The message says how (exit status or signal) and quotes the end of the
 * child's stderr. The task fails with this error (or is retried); a new child replaces the dead one.
 */
public final class ChildDiedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final int exitStatus;

    public ChildDiedException(String message, long pid, int exitStatus, Throwable cause) {
        super(message, cause);
        this.pid = pid;
        this.exitStatus = exitStatus;
    }

    /** The child's process id. */
    public long pid() {
        return pid;
    }

    /**
     * The child's exit status as Java reports it (128 + the signal's number for a child killed by a signal),
     * or empty if the child could not be reaped.
     */
    public OptionalInt exitStatus() {
        return exitStatus < 0 ? OptionalInt.empty() : OptionalInt.of(exitStatus);
    }
}
