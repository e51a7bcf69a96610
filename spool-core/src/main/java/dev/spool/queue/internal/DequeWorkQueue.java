package dev.spool.queue.internal;

import dev.spool.internal.Durations;
import dev.spool.queue.QueueClosedException;
import dev.spool.queue.WorkQueue;
import java.time.Duration;
import java.util.concurrent.locks.Condition;

/**
 * The in-memory {@link WorkQueue}: a FIFO on an {@link java.util.ArrayDeque}, bounded or not, with a count of
 * unfinished tasks. Create it with {@link WorkQueue#bounded(int)} or {@link WorkQueue#unbounded()}; not API
 * (this package is not exported).
 */
public final class DequeWorkQueue<T> extends FifoQueue<T> implements WorkQueue<T> {

    /*
     * Implementation notes.
     *
     * The FIFO, its lock, its two conditions and close() are FifoQueue's; this class adds the count of
     * unfinished tasks under the same single lock, as Python's queue.Queue (and unlike the two-lock
     * LinkedBlockingQueue, whose put and take paths are split): the unfinished count and close() must be
     * atomic with respect to both ends, and the whole queue stays linearizable (checked by Lincheck in
     * DequeWorkQueueLincheckTest). FifoQueue's hooks keep the count in step with puts and closeNow().
     *
     *   allTasksDone  joiners wait here; signalled (all) when unfinished reaches 0
     */

    private final Condition allTasksDone = lock.newCondition();

    /** Items put and not yet marked done. Guarded by {@code lock}. */
    private long unfinished;
    /** Total items ever put, for taskDone's error message. Guarded by {@code lock}. */
    private long putCount;
    /** Total successful taskDone calls, for taskDone's error message. Guarded by {@code lock}. */
    private long doneCount;

    public DequeWorkQueue(int capacity) {
        super(capacity);
    }

    @Override
    public void taskDone() {
        lock.lock();
        try {
            if (unfinished <= 0) {
                // unfinished == putCount - doneCount - removed by closeNow, and it is 0 here.
                long removed = putCount - doneCount;
                throw new IllegalStateException("taskDone() called more times than items were put: "
                        + putCount + " put, " + doneCount + " already marked done"
                        + (removed > 0 ? ", " + removed + " removed by closeNow()" : ""));
            }
            doneCount++;
            if (--unfinished == 0) {
                allTasksDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void join() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (unfinished > 0) {
                allTasksDone.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanosSaturated(nonNegative(timeout));
        lock.lockInterruptibly();
        try {
            while (unfinished > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = allTasksDone.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long unfinishedTasks() {
        lock.lock();
        try {
            return unfinished;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "WorkQueue[size=" + size() + ", unfinished=" + unfinished
                    + ", capacity=" + (capacity() == Integer.MAX_VALUE ? "unbounded" : capacity())
                    + (isClosed() ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    @Override
    void onEnqueued() {
        assert lock.isHeldByCurrentThread();
        unfinished++;
        putCount++;
    }

    @Override
    void onRemovedByCloseNow(int removed) {
        assert lock.isHeldByCurrentThread();
        unfinished -= removed;
        if (unfinished == 0) {
            allTasksDone.signalAll();
        }
    }
}
