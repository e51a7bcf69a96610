package dev.spool.postgres;

import java.util.Objects;

/**
 * Thrown by a task to fail its attempt and still record what the attempt produced: the bytes go into the
 * job's {@code result} column (as a success's result would), the message into its {@code errors}. The job
 * is then retried or discarded as for any failure. For tasks whose failures carry data worth keeping, such
 * as a command's exit status and output. Carries no stack trace: the message is the error.
 */
public final class AttemptFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient byte[] result;

    /**
     * @param message what failed, recorded as the attempt's error
     * @param result what the attempt produced, recorded as the job's result (may be null)
     */
    public AttemptFailedException(String message, byte[] result) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.result = result == null ? null : result.clone();
    }

    /** What the attempt produced, or null. */
    public byte[] result() {
        return result == null ? null : result.clone();
    }
}
