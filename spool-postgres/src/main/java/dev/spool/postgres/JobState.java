package dev.spool.postgres;

import java.util.Locale;

/**
 * A job's state in the table. Transitions (each one SQL statement, see {@link PgQueue}):
 *
 * <pre>
 *   AVAILABLE -> RUNNING                       claimed by a worker (attempt + 1, lease set)
 *   RUNNING   -> SUCCEEDED                     the attempt succeeded
 *   RUNNING   -> AVAILABLE                     the attempt failed and attempts remain (run-at moved by the
 *                                              backoff), or its lease expired (rescue), or the worker
 *                                              released it unstarted (attempt - 1)
 *   RUNNING   -> DISCARDED                     the last attempt failed, or its lease expired
 *   RUNNING   -> CANCELLED                     cancelled while running, and the attempt did not succeed
 *   AVAILABLE -> CANCELLED                     cancelled before it ran
 *   DISCARDED, CANCELLED -> AVAILABLE          retried by hand
 * </pre>
 */
public enum JobState {
    /** Waiting to run, now or at its run-at time (delayed jobs and retries wait here). */
    AVAILABLE,
    /** Claimed by a worker, under a lease. */
    RUNNING,
    /** Finished: the last attempt succeeded. */
    SUCCEEDED,
    /** Finished: every attempt failed (the errors are kept). */
    DISCARDED,
    /** Finished: cancelled. */
    CANCELLED;

    /** Whether the job is finished (succeeded, discarded or cancelled). */
    public boolean isFinished() {
        return this == SUCCEEDED || this == DISCARDED || this == CANCELLED;
    }

    String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobState ofSql(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
