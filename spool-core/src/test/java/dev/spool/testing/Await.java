package dev.spool.testing;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.TaskHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits with a deadline; a hang fails the test with a thread dump. */
public final class Await {
    private Await() {}

    /** The handle's outcome within {@link TestTimeouts#LONG}. */
    public static <R> Outcome<R> outcome(TaskHandle<R> handle) throws InterruptedException {
        return handle.await(TestTimeouts.LONG).orElseThrow(
                () -> new AssertionError("task " + handle.seq() + " undecided after " + TestTimeouts.LONG + "\n"
                        + ThreadDumps.all()));
    }

    /** The latch within {@link TestTimeouts#LONG}. */
    public static void latch(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(TestTimeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("latch still at " + latch.getCount() + " after " + TestTimeouts.LONG + "\n"
                    + ThreadDumps.all());
        }
    }

    /** The pool's termination within {@link TestTimeouts#LONG}. */
    public static void termination(Pool pool) throws InterruptedException {
        if (!pool.awaitTermination(TestTimeouts.LONG)) {
            throw new AssertionError(pool + " not terminated after " + TestTimeouts.LONG + "\n" + ThreadDumps.all());
        }
    }

    /** Polls {@code condition} until true, within {@link TestTimeouts#LONG}. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        within(TestTimeouts.LONG, what, condition);
    }

    /** Polls {@code condition} until true, within {@code deadline}; fails with a thread dump otherwise. */
    public static void within(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long pause = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not true after " + deadline + ": " + what + "\n" + ThreadDumps.all());
            }
            Thread.sleep(Duration.ofMillis(pause)); // polling with a deadline, not waiting on a guess
            pause = Math.min(pause * 2, 20);
        }
    }
}
