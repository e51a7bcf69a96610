package dev.spool.queue.internal;

import dev.spool.internal.Durations;
import dev.spool.queue.QueueClosedException;
import dev.spool.queue.WorkQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking FIFO, bounded or not, that can be closed: {@link WorkQueue}'s put/take/close side without the
 * count of unfinished tasks (so no {@code taskDone} and no {@code join}): Python's {@code SimpleQueue} with
 * 3.13's {@code shutdown}, or a Go channel. After {@link #close()} puts fail with {@link
 * QueueClosedException} (waiting producers are woken with it), takers drain what is left, then see it
 * too; {@link #closeNow()} also removes and returns what is queued. A worker pool dispatches through one.
 *
 * <p>Not API: this package is not exported. Sealed, so that its lock is shared with {@link DequeWorkQueue}
 * alone, the one subclass that must add state under it.
 *
 * <p>The methods have the contracts of the same-named methods of {@link WorkQueue}. Thread-safe; no method
 * holds the lock while calling user code.
 *
 * @param <T> the type of the items
 */
public sealed class FifoQueue<T> permits DequeWorkQueue {

    /*
     * Implementation notes.
     *
     * One lock guards all state, with two conditions (DequeWorkQueue adds one on the same lock):
     *
     *   notEmpty      takers wait here; signalled by put (one), close (all)
     *   notFull       putters wait here; signalled by take (one, bounded queues only), close (all)
     *
     * Lifecycle: OPEN -> CLOSED, one way, under the lock. CLOSED refuses puts; takes drain, then fail.
     *
     * Signalling: a taker woken by put that loses the race to another taker waits again; since every put
     * signals once and every take consumes once, no wake-up is lost (the standard argument for
     * ArrayBlockingQueue). close() signals all on both conditions so that every waiter re-checks `closed`.
     *
     * DequeWorkQueue hooks in under the lock: onEnqueued() after each item added, onRemovedByCloseNow(n) after
     * closeNow() removed n items. DequeWorkQueue counts unfinished tasks there, atomically with the FIFO.
     */

    private final int capacity;
    /** Guards all state, this class's and DequeWorkQueue's. */
    final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    /** Items waiting to be taken. Guarded by {@code lock}. */
    private final ArrayDeque<T> items = new ArrayDeque<>();
    /** One way false -> true. Written under {@code lock}; volatile for {@link #isClosed()}. */
    private volatile boolean closed;

    /**
     * A queue that holds at most {@code capacity} items; {@link Integer#MAX_VALUE} for unbounded.
     *
     * @throws IllegalArgumentException if {@code capacity} is not positive (the message names it)
     */
    public FifoQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

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

    public boolean offer(T item, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        long nanos = Durations.toNanosSaturated(nonNegative(timeout));
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

    /**
     * Adds {@code item} without waiting, even if the queue is full: the one put that goes past the
     * capacity. For work that the queue's own consumers generate (a task submitting to its own pool, a
     * pipeline's feedback edge), where waiting for room could wait for the waiter itself; such items are
     * bounded by what generates them, not by the capacity.
     *
     * @throws QueueClosedException if the queue is closed
     */
    public void putPastCapacity(T item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            ensureOpen();
            enqueue(item);
        } finally {
            lock.unlock();
        }
    }

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

    public T poll(Duration timeout) throws InterruptedException {
        long nanos = Durations.toNanosSaturated(nonNegative(timeout));
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

    public void close() {
        lock.lock();
        try {
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    public List<T> closeNow() {
        lock.lock();
        try {
            closeLocked();
            List<T> pending = new ArrayList<>(items);
            items.clear();
            onRemovedByCloseNow(pending.size());
            return pending;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** The capacity, or {@link Integer#MAX_VALUE} if unbounded. */
    public int capacity() {
        return capacity;
    }

    /** Called under the lock after an item was added. */
    void onEnqueued() {}

    /** Called under the lock after {@link #closeNow()} removed {@code removed} items. */
    void onRemovedByCloseNow(int removed) {}

    private void enqueue(T item) {
        assert lock.isHeldByCurrentThread();
        items.addLast(item);
        onEnqueued();
        notEmpty.signal();
    }

    private T dequeue() {
        assert lock.isHeldByCurrentThread();
        T item = items.removeFirst();
        if (capacity != Integer.MAX_VALUE) {
            notFull.signal(); // nobody ever waits on an unbounded queue
        }
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

    static Duration nonNegative(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        return timeout;
    }
}
