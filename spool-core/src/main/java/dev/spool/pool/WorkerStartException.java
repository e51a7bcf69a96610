package dev.spool.pool;

/** A pool's worker could not start (a child process that failed to launch, say). */
public final class WorkerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
