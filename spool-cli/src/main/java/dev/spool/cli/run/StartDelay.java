package dev.spool.cli.run;

import java.time.Duration;

/**
 * {@code --delay}: at least this long between the starts of two jobs, whichever slots start them.
 * Thread-safe: workers reserve their start times in turn.
 */
final class StartDelay {

    private final Duration delay;
    private final Object lock = new Object();
    /** The earliest start of the next job, in System.nanoTime() terms. Guarded by lock. */
    private long nextStartNanos;

    /** @param delay the pause between starts; null or zero for none */
    StartDelay(Duration delay) {
        this.delay = delay == null || delay.isZero() ? null : delay;
    }

    /** Waits until this worker's job may start, and reserves the next start a delay later. */
    void await() throws InterruptedException {
        if (delay == null) {
            return;
        }
        long wait;
        synchronized (lock) {
            long now = System.nanoTime();
            long at = Math.max(now, nextStartNanos);
            nextStartNanos = at + delay.toNanos();
            wait = at - now;
        }
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait)); // --delay is a pause by definition, not a wait for an event
        }
    }
}
