package dev.spool.postgres;

/** The database cannot be reached, or refused the connection; the message names the URL (never a password). */
public final class PgConnectException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public PgConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
