package dev.spool.internal;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action once after a delay: task timeouts, stop escalations, a child JVM's start-up limit and its
 * kill after a termination grace. One interface so that a test can run the pool on a clock it advances
 * itself, instead of waiting.
 */
public interface Scheduler {

    /**
     * Runs {@code action} once, {@code delay} from now, on the scheduler's thread; the action must be short
     * and must not block. Cancelling the returned future before it runs keeps it from running.
     */
    Future<?> schedule(Runnable action, Duration delay);

    /** The one daemon thread, shared by every pool and process worker of this JVM, that runs the actions. */
    static Scheduler shared() {
        return Shared.INSTANCE;
    }

    /** The shared scheduler: a single daemon thread, started on first use, that forgets cancelled actions. */
    final class Shared implements Scheduler {

        private static final Shared INSTANCE = new Shared();

        private final ScheduledThreadPoolExecutor executor;

        private Shared() {
            executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "spool-timeouts");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
        }

        @Override
        public Future<?> schedule(Runnable action, Duration delay) {
            return executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
