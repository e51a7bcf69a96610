package dev.spool.postgres;

import java.util.Objects;

/**
 * Thrown by a task to fail its attempt and still record what the attempt produced: the bytes go into the
 * job's {@code result} column (as a success's result would), the message into its {@code errors}. The job
 * is then retried or discarded as for any failure, or discarded at once if the task says this attempt is
 * its last (a task that counts its own attempts, such as a command with {@code --retries}, while the job's
 * max attempts leave room for attempts lost with their workers). For tasks whose failures carry data worth
 * keeping, such as a command's exit status and output. Carries no stack trace: the message is the error.
 */
public final class AttemptFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient byte[] result;
    private final boolean last;

    /**
     * A failure retried while the job's max attempts allow.
     *
     * @param message what failed, recorded as the attempt's error
     * @param result what the attempt produced, recorded as the job's result (may be null)
     */
    public AttemptFailedException(String message, byte[] result) {
        this(message, result, false);
    }

    /**
     * @param message what failed, recorded as the attempt's error
     * @param result what the attempt produced, recorded as the job's result (may be null)
     * @param last true to discard the job now, whatever attempts it has left
     */
    public AttemptFailedException(String message, byte[] result, boolean last) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.result = result == null ? null : result.clone();
        this.last = last;
    }

    /** Whether the job is discarded after this attempt, whatever attempts it has left. */
    public boolean isLast() {
        return last;
    }

    /** What the attempt produced, or null. */
    public byte[] result() {
        return result == null ? null : result.clone();
    }
}
