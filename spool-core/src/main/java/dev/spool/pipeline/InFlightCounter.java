package dev.spool.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's termination count: open sources plus items in flight anywhere (in a buffer, in a task,
 * being routed). Reaches zero exactly once, when the work is done, and then runs its action.
 */
final class InFlightCounter {

    /*
     * Implementation notes.
     *
     * The protocol, as WorkQueue's put-before-taskDone: the count starts at the number of sources (each
     * source holds one unit until it is exhausted). Every item is entered (+1) before it is handed to a
     * stage, by a thread that holds a unit itself: a source's reader, or the task (or completion callback)
     * of the item it descends from. Every item is exited (-1) once, after its task's outcome is decided and
     * everything it emitted has been entered. So while any work remains, some unit is held and the count is
     * positive; the count reaches zero only when no unit is held, and then nobody can enter again. No
     * sleep, no "queue looked empty": an AtomicLong, whose zero is final.
     *
     * enter() checks the protocol: entering at zero means a unit was entered by a thread that held none.
     * Model-checked by InFlightCounterLincheckTest.
     */

    private final AtomicLong count;
    private final Runnable onZero;

    /**
     * @param units the units held at the start (one per source)
     * @param onZero run once, by the thread whose exit reaches zero
     */
    InFlightCounter(long units, Runnable onZero) {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, was " + units);
        }
        this.count = new AtomicLong(units);
        this.onZero = onZero;
    }

    /**
     * Counts one more unit; the caller must hold one.
     *
     * @throws IllegalStateException if the count had reached zero: the protocol was broken
     */
    void enter() {
        long before = count.getAndIncrement();
        if (before <= 0) {
            throw new IllegalStateException("entered an item after the pipeline's work was done (count "
                    + before + "): it was entered by a thread that held no unit");
        }
    }

    /** Releases one unit; the exit that reaches zero runs the action. */
    void exit() {
        long after = count.decrementAndGet();
        if (after == 0) {
            onZero.run();
        } else if (after < 0) {
            throw new IllegalStateException("exited more units than were entered (count " + after + ")");
        }
    }

    /** The units held now: open sources plus items in flight. */
    long get() {
        return count.get();
    }
}
