package dev.spool.postgres;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A one-shot wake-up signal with timed waits: set by completions and notifications. */
final class Wake {
    private boolean signalled; // guarded by this

    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    synchronized void await(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!signalled) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        signalled = false;
    }
}
