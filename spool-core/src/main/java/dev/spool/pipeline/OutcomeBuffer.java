package dev.spool.pipeline;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pipeline's outcomes on their way to the reader: bounded while the pipeline runs (a reader that falls
 * behind slows the output stages: backpressure), unbounded once it stops (so that stopping never waits for
 * a reader), ended when the pipeline's work is done.
 */
final class OutcomeBuffer<T> {

    /*
     * Implementation notes.
     *
     * One lock, two conditions: `notEmpty` (the reader), `notFull` (stage workers and callbacks adding).
     * put() never loses an outcome: interrupted while waiting for room, it adds past the bound and restores
     * the interrupt flag (an outcome is the only record of how an item ended). finish() is called once the
     * termination count is zero, after every put: the reader takes what is left, then sees the end.
     *
     * The reader takes in batches: when its own deque (`taken`, touched only by the one reader) is empty,
     * it swaps it, under the lock, with `items`, taking everything there at once; the next outcomes come
     * from `taken` without the lock. One lock round per batch instead of per outcome: with several output
     * workers putting, the lock was the pipeline's hottest spot. The price: up to twice the capacity of
     * outcomes can be waiting (a full `items` and a full batch being read).
     */

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** Guarded by lock. */
    private ArrayDeque<T> items = new ArrayDeque<>();
    /** The reader's batch: touched only by the reader (swapped with items under the lock). */
    private ArrayDeque<T> taken = new ArrayDeque<>();
    /** How many outcomes of the batch are left to read; written by the reader, read for reports. */
    private volatile int takenLeft;
    /** Guarded by lock; one way false -> true. */
    private boolean unbounded;
    /** Guarded by lock; one way false -> true. */
    private boolean finished;

    OutcomeBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an outcome; waits while full and bounded. Never fails and never drops the outcome. */
    void put(T item) {
        boolean interrupted = false;
        lock.lock();
        try {
            while (!unbounded && items.size() >= capacity) {
                try {
                    notFull.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    break; // past the bound: never lose an outcome
                }
            }
            items.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on put() never waits: for a stop. */
    void unbound() {
        lock.lock();
        try {
            unbounded = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more outcomes will come. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next outcome, waiting for it.
     *
     * @throws NoSuchElementException at the end: finished and empty
     */
    T take() throws InterruptedException {
        T next = taken.pollFirst();
        if (next == null) {
            lock.lockInterruptibly();
            try {
                while (items.isEmpty()) {
                    if (finished) {
                        throw new NoSuchElementException("no more outcomes");
                    }
                    notEmpty.await();
                }
                ArrayDeque<T> batch = items;
                items = taken; // empty
                taken = batch;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            next = taken.pollFirst();
        }
        takenLeft = taken.size();
        return next;
    }

    /** Whether the buffer is bounded and full: the output stages wait for the reader. */
    boolean isFull() {
        lock.lock();
        try {
            return !unbounded && items.size() >= capacity;
        } finally {
            lock.unlock();
        }
    }

    /** Outcomes waiting for the reader. */
    int size() {
        lock.lock();
        try {
            return items.size() + takenLeft;
        } finally {
            lock.unlock();
        }
    }
}
