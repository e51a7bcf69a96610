package dev.spool.pool;

import dev.spool.outcome.Outcome;
import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Reports failed or timed-out tasks whose outcome nobody read: when the handle is garbage-collected, or
 * when the pool terminates, whichever comes first. The classic lost error of a thread pool cannot happen.
 */
final class UnobservedFailures {

    /*
     * Implementation notes. A Note is registered for a failed task unless its outcome was already read.
     * The note is held by `pending` and by a Cleaner action on the record (the note never refers back to
     * the record, or it would never be collected). Reading the outcome removes the note; whoever removes a
     * note from `pending` first decides: observe (no report), the Cleaner or terminate (report).
     *
     * Race between failed() and observed(): the record's `observed` flag and `unobservedNote` are both
     * volatile; failed() writes the note then reads the flag, observed() writes the flag then reads the
     * note, so at least one of them sees the other and the note is removed.
     */

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "spool-unobserved-failures");
        thread.setDaemon(true);
        return thread;
    });

    private final Consumer<Outcome<?>> handler;
    private final Set<Note> pending = ConcurrentHashMap.newKeySet();

    UnobservedFailures(Consumer<Outcome<?>> handler) {
        this.handler = handler;
    }

    /** A failure waiting to be read; runs as the Cleaner action. */
    final class Note implements Runnable {
        private final Outcome<?> outcome;

        Note(Outcome<?> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void run() {
            if (pending.remove(this)) {
                report(outcome);
            }
        }
    }

    void failed(TaskRecord<?, ?> record, Outcome<?> outcome) {
        if (record.isObserved()) {
            return;
        }
        Note note = new Note(outcome);
        pending.add(note);
        record.unobservedNote = note;
        CLEANER.register(record, note);
        if (record.isObserved()) {
            pending.remove(note);
        }
    }

    void observed(TaskRecord<?, ?> record) {
        Note note = record.unobservedNote;
        if (note != null) {
            pending.remove(note);
        }
    }

    /** Reports every failure still unread; called when the pool terminates. */
    void reportAll() {
        for (Note note : pending) {
            note.run();
        }
    }

    private void report(Outcome<?> outcome) {
        try {
            handler.accept(outcome);
        } catch (RuntimeException | Error e) {
            System.getLogger("dev.spool.pool").log(System.Logger.Level.ERROR,
                    "the unobserved-failure handler failed on " + outcome, e);
        }
    }

    /** The default handler: a warning naming the task, with the error. */
    static void logFailure(String pool, Outcome<?> outcome) {
        Throwable error = outcome instanceof Outcome.Failed<?> f ? f.error() : null;
        var info = outcome.info();
        System.getLogger("dev.spool.pool").log(System.Logger.Level.WARNING,
                "pool " + pool + ": task " + info.seq() + " " + outcome.kind() + " and nobody read its outcome"
                        + " (attempts " + info.attempts() + ", worker " + info.worker() + ")"
                        + (outcome instanceof Outcome.TimedOut<?> t ? " after " + t.timeout() : ""),
                error);
    }
}
