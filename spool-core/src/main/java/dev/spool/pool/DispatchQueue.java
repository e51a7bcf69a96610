package dev.spool.pool;

import dev.spool.queue.QueueClosedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's own FIFO of work items, between submitters and worker loops: {@link dev.spool.queue.LinkedWorkQueue}
 * without the unfinished-task count, which the pool never joins on. Bounded or not. Thread-safe.
 */
final class DispatchQueue {

    /*
     * Implementation notes.
     *
     * The same design as LinkedWorkQueue (one lock, `notEmpty` and `notFull`, OPEN -> CLOSED one way under
     * the lock, close() signals all so every waiter re-checks `closed`), with what the pool does not use
     * taken out: no taskDone()/join(), so a worker pays two lock round trips per item (put, take) instead
     * of three. The close semantics the pool relies on are LinkedWorkQueue's: after close() puts fail and
     * takes drain, then fail; closeNow() also removes and returns what is queued.
     */

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** Takers wait here; signalled by put (one) and close (all). */
    private final Condition notEmpty = lock.newCondition();
    /** Putters wait here; signalled by take and poll (one) and close (all). */
    private final Condition notFull = lock.newCondition();

    /** Guarded by {@code lock}. */
    private final ArrayDeque<WorkItem> items = new ArrayDeque<>();
    /** One way false -> true; guarded by {@code lock}. */
    private boolean closed;

    /** A queue of at most {@code capacity} items; {@code Integer.MAX_VALUE} for unbounded. */
    DispatchQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Appends {@code item}, waiting for room if the queue is full.
     *
     * @throws QueueClosedException if the queue is closed (before or while waiting)
     * @throws InterruptedException if interrupted while waiting; the item was not put
     */
    void put(WorkItem item) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    throw new QueueClosedException("queue is closed: cannot put");
                }
                if (items.size() < capacity) {
                    break;
                }
                notFull.await();
            }
            items.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the head, waiting for one.
     *
     * @throws QueueClosedException once the queue is closed and empty
     * @throws InterruptedException if interrupted while waiting
     */
    WorkItem take() throws InterruptedException {
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

    /**
     * Removes the head if there is one; null if the queue is empty.
     *
     * @throws QueueClosedException if the queue is closed and empty
     */
    WorkItem poll() {
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

    /** Refuses further puts; queued items can still be taken. Idempotent. */
    void close() {
        lock.lock();
        try {
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Closes and removes every queued item; returns them in queue order. */
    List<WorkItem> closeNow() {
        lock.lock();
        try {
            closeLocked();
            List<WorkItem> pending = new ArrayList<>(items);
            items.clear();
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting to be taken. */
    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    private WorkItem dequeue() {
        assert lock.isHeldByCurrentThread();
        WorkItem item = items.removeFirst();
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

    private void ensureNotDrained() {
        assert lock.isHeldByCurrentThread();
        if (closed) {
            throw new QueueClosedException("queue is closed and drained: nothing left to take");
        }
    }
}
