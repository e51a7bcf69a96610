package dev.spool.postgres;

/** The database's Spool schema is missing, or lacks a migration this Spool needs; the message names it. */
public final class SchemaNotReadyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SchemaNotReadyException(String message) {
        super(message);
    }
}
