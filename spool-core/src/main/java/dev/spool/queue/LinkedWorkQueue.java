package dev.spool.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory {@link WorkQueue}: a FIFO, bounded or not, with a count of unfinished tasks. Create it
 * with {@link WorkQueue#bounded(int)} or {@link WorkQueue#unbounded()}.
 */
public final class LinkedWorkQueue<T> implements WorkQueue<T> {

    /*
     * Implementation notes.
     *
     * One lock guards all state, with three conditions, as Python's queue.Queue (and unlike the two-lock
     * LinkedBlockingQueue, whose put and take paths are split): the unfinished count and close() must be
     * atomic with respect to both ends, and the whole queue stays linearizable (checked by Lincheck in
     * LinkedWorkQueueLincheckTest).
     *
     *   notEmpty      takers wait here; signalled by put (one), close (all)
     *   notFull       putters wait here; signalled by take (one), close (all)
     *   allTasksDone  joiners wait here; signalled (all) when unfinished reaches 0
     *
     * Lifecycle: OPEN -> CLOSED, one way, under the lock. CLOSED refuses puts; takes drain, then fail.
     *
     * Signalling: a taker woken by put that loses the race to another taker waits again; since every put
     * signals once and every take consumes once, no wake-up is lost (the standard argument for
     * ArrayBlockingQueue). close() signals all on both conditions so that every waiter re-checks `closed`.
     */

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition allTasksDone = lock.newCondition();

    /** Items waiting to be taken. Guarded by {@code lock}. */
    private final ArrayDeque<T> items = new ArrayDeque<>();
    /** Items put and not yet marked done. Guarded by {@code lock}. */
    private long unfinished;
    /** Total items ever put, for taskDone's error message. Guarded by {@code lock}. */
    private long putCount;
    /** Total successful taskDone calls, for taskDone's error message. Guarded by {@code lock}. */
    private long doneCount;
    /** One way false -> true. Written under {@code lock}; volatile for {@link #isClosed()}. */
    private volatile boolean closed;

    LinkedWorkQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        lock.lockInterruptibly();
        try {
            while (true) {
                ensureOpen();
                if (items.size() < capacity) {
                    break;
                }
                notFull.await();
            }
            enqueue(item);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        long nanos = toNanosSaturated(nonNegative(timeout));
        lock.lockInterruptibly();
        try {
            while (true) {
                ensureOpen();
                if (items.size() < capacity) {
                    break;
                }
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            enqueue(item);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean offer(T item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            ensureOpen();
            if (items.size() >= capacity) {
                return false;
            }
            enqueue(item);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                ensureNotDrained();
                notEmpty.await();
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        long nanos = toNanosSaturated(nonNegative(timeout));
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                ensureNotDrained();
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T poll() {
        lock.lock();
        try {
            if (items.isEmpty()) {
                ensureNotDrained();
                return null;
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
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
        long nanos = toNanosSaturated(nonNegative(timeout));
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
    public void close() {
        lock.lock();
        try {
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<T> closeNow() {
        lock.lock();
        try {
            closeLocked();
            List<T> pending = new ArrayList<>(items);
            items.clear();
            unfinished -= pending.size();
            if (unfinished == 0) {
                allTasksDone.signalAll();
            }
            return pending;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return items.size();
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
    public int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "WorkQueue[size=" + items.size() + ", unfinished=" + unfinished
                    + ", capacity=" + (capacity == Integer.MAX_VALUE ? "unbounded" : capacity)
                    + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(T item) {
        assert lock.isHeldByCurrentThread();
        items.addLast(item);
        unfinished++;
        putCount++;
        notEmpty.signal();
    }

    private T dequeue() {
        assert lock.isHeldByCurrentThread();
        T item = items.removeFirst();
        notFull.signal();
        return item;
    }

    private void closeLocked() {
        assert lock.isHeldByCurrentThread();
        if (!closed) {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new QueueClosedException("queue is closed: cannot put");
        }
    }

    private void ensureNotDrained() {
        if (closed) {
            throw new QueueClosedException("queue is closed and drained: nothing left to take");
        }
    }

    /** A timeout beyond Long.MAX_VALUE nanoseconds (292 years) waits that long, not an ArithmeticException. */
    private static long toNanosSaturated(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static Duration nonNegative(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        return timeout;
    }
}
