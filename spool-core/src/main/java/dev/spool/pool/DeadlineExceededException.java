package dev.spool.pool;

import java.time.Duration;

/**
 * Ends the stream of a {@link Pool#map map} whose {@linkplain MapOptions#deadline(Duration) deadline} passed
 * before its inputs were all read: thrown after the outcomes of every input read (the tasks the deadline cut
 * short end {@link dev.spool.outcome.Outcome.Cancelled Cancelled} or {@link
 * dev.spool.outcome.Outcome.NotRun NotRun}), it says how many inputs were read; the others were not.
 */
public final class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration deadline;
    private final long inputsRead;

    public DeadlineExceededException(Duration deadline, long inputsRead) {
        super("the map's deadline of " + deadline + " passed after " + inputsRead
                + " inputs had been read; the inputs after them were not read");
        this.deadline = deadline;
        this.inputsRead = inputsRead;
    }

    /** The deadline that passed. */
    public Duration deadline() {
        return deadline;
    }

    /** How many inputs the map read, each of which has its outcome in the stream. */
    public long inputsRead() {
        return inputsRead;
    }
}
