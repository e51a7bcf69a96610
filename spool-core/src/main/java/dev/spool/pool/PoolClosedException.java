package dev.spool.pool;

/** Thrown when a task is submitted to a pool that is shut down or stopping. */
public final class PoolClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public PoolClosedException(String message) {
        super(message);
    }
}
