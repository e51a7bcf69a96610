package dev.spool.stop;

/**
 * Thrown by {@link StopToken#throwIfStopRequested()}. A task that ends with it while its pool is stopping
 * is reported as cancelled, not failed.
 */
public final class StopRequestedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StopRequestedException(String reason) {
        super(reason.isEmpty() ? "stop requested" : "stop requested: " + reason);
    }
}
