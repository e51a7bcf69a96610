package dev.spool.queue;

/**
 * Thrown by {@link WorkQueue#put} once the queue is closed, and by {@link WorkQueue#take} once it is
 * closed and empty. Like Python's {@code queue.ShutDown}.
 */
public final class QueueClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public QueueClosedException(String message) {
        super(message);
    }
}
