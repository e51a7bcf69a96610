package dev.spool.pool;

import dev.spool.outcome.Outcome;

/**
 * What a {@link TaskRecord} tells the pool that owns it. The seam that lets a record be model-checked on its
 * own (TaskRecordLincheckTest), as {@code ThreadPoolExecutor}'s workers know their pool only through what
 * they call.
 */
interface TaskOwner {

    /** The record decided {@code outcome}: emit Finished, track an unread failure. Before waiters wake. */
    void finished(TaskRecord<?, ?> record, Outcome<?> outcome);

    /**
     * The record's outcome is published: waiters have been woken and its completion callback has run. The
     * last thing a record does for its task. The default does nothing.
     */
    default void published(TaskRecord<?, ?> record) {}

    /** Someone read the record's outcome, or asked for its completion. */
    void observed(TaskRecord<?, ?> record);

    /** The reason a task that never started gives, once the owner is stopping. */
    String notRunReason();

    /** The clock for the record's times. */
    TaskClock clock();
}
