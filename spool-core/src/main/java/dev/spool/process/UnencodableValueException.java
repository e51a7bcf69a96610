package dev.spool.process;

/**
 * A task's input or result could not cross to or from a process worker: no {@link Codec} takes its type,
 * or its codec failed. The task fails with this error; the worker goes on.
 */
public final class UnencodableValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnencodableValueException(String message) {
        super(message);
    }

    public UnencodableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
