package dev.spool.process;

/**
 * A task's error from a process worker whose class the pool could not rebuild (no public {@code (String)}
 * constructor, or not on the pool's class path). Its message is the original message; {@link
 * #remoteClassName()} names the original class; its stack trace is the child's.
 */
public final class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    public RemoteTaskException(String remoteClassName, String message) {
        super(message);
        this.remoteClassName = remoteClassName;
    }

    /** The class of the error in the child. */
    public String remoteClassName() {
        return remoteClassName;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return remoteClassName + (message != null ? ": " + message : "") + " (in a process worker)";
    }
}
