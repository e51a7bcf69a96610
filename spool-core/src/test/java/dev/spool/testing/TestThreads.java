package dev.spool.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads started by a test: each is joined with a deadline, a hang fails the test with a thread dump,
 * and the first failure of any thread is rethrown in the test's thread.
 */
public final class TestThreads implements AutoCloseable {

    /** A body that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Starts a platform thread named {@code name} running {@code body}. */
    public Thread start(String name, Body body) {
        Thread thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                if (!failure.compareAndSet(null, t)) {
                    failure.get().addSuppressed(t);
                }
            }
        });
        threads.add(thread);
        return thread;
    }

    /**
     * Joins every thread within {@code deadline}; fails with a thread dump if one is still alive, and
     * rethrows the first failure of any thread.
     */
    public void joinAll(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread thread : threads) {
            long left = end - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
            if (thread.isAlive()) {
                throw new AssertionError("thread " + thread.getName() + " still running after " + deadline
                        + "\n" + ThreadDumps.all());
            }
        }
        Throwable t = failure.get();
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new AssertionError("a test thread failed", t);
        }
    }

    /** Joins every thread within {@link TestTimeouts#LONG}. */
    @Override
    public void close() throws InterruptedException {
        joinAll(TestTimeouts.LONG);
    }
}
