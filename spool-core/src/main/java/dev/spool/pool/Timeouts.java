package dev.spool.pool;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The one daemon thread, shared by all pools, that fires task timeouts and stop escalations. */
final class Timeouts {

    private static final ScheduledThreadPoolExecutor SCHEDULER = createScheduler();

    private Timeouts() {}

    static ScheduledFuture<?> schedule(Runnable action, Duration delay) {
        return SCHEDULER.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor createScheduler() {
        var scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "spool-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
