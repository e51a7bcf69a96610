package dev.spool.stop;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A flag that asks work to stop, checked by tasks between units of work. Once requested, a stop cannot be
 * withdrawn. Any thread may request a stop; any number may check or wait for it.
 *
 * <pre>{@code
 * for (var chunk : chunks) {
 *     context.stopToken().throwIfStopRequested();
 *     process(chunk);
 * }
 * }</pre>
 */
public final class StopToken {

    /* Implementation notes: a CountDownLatch of one is the flag. Its count only goes 1 -> 0, it gives
     * the memory effects of a volatile write and read, and it lets waiters block without a lock. */

    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Written once, under this, before `stopped` counts down; read by anyone after it has. */
    private volatile String reason = "";

    /** A token on which no stop has been requested. */
    public StopToken() {}

    /**
     * Requests a stop. The first call sets the reason; later calls change nothing.
     *
     * @return true if this call requested the stop, false if it had been requested already
     */
    public boolean requestStop(String reason) {
        synchronized (this) {
            if (stopped.getCount() == 0) {
                return false;
            }
            this.reason = reason == null ? "" : reason;
            stopped.countDown();
            return true;
        }
    }

    /** Whether a stop has been requested. */
    public boolean isStopRequested() {
        return stopped.getCount() == 0;
    }

    /** The reason given to the first {@link #requestStop}, or an empty string. */
    public String reason() {
        return reason;
    }

    /** Throws {@link StopRequestedException} if a stop has been requested. */
    public void throwIfStopRequested() {
        if (isStopRequested()) {
            throw new StopRequestedException(reason);
        }
    }

    /** Waits until a stop is requested. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Waits at most {@code timeout} for a stop to be requested: a sleep that a stop cuts short.
     *
     * @return true if a stop was requested
     */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return isStopRequested() ? "StopToken[stopped: " + reason + "]" : "StopToken[running]";
    }
}
