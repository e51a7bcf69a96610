package dev.spool.queue;

import dev.spool.queue.internal.DequeWorkQueue;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A work queue between producers and consumers, with the semantics of Python's {@code queue.Queue}
 * including the {@code shutdown} of Python 3.13.
 *
 * <p>Besides the items it holds, a queue counts <em>unfinished tasks</em>: every {@link #put} adds one,
 * every {@link #taskDone} removes one, and {@link #join} waits until the count is zero. A consumer that
 * {@linkplain #take takes} an item thus <em>claims</em> it, and {@code taskDone} <em>acknowledges</em> it;
 * the durable queue of a later release keeps this contract and adds leases.
 *
 * <p>Lifecycle: {@code OPEN -> CLOSED}. After {@link #close()} every {@code put} fails with {@link
 * QueueClosedException} (producers blocked in {@code put} are woken with it), consumers drain the items
 * that are left, then {@code take} fails with {@code QueueClosedException} too. {@link #closeNow()}
 * closes the queue and removes the pending items at once.
 *
 * <p>All methods are safe to call from any thread. No method holds a lock while calling user code.
 *
 * @param <T> the type of the items
 */
public interface WorkQueue<T> extends Iterable<T> {

    /** An unbounded in-memory queue: {@code put} never waits. */
    static <T> WorkQueue<T> unbounded() {
        return new DequeWorkQueue<>(Integer.MAX_VALUE);
    }

    /**
     * A bounded in-memory queue: {@code put} waits while it holds {@code capacity} items.
     *
     * <p>Consumers that also put on the queue they take from (a crawler whose workers queue the links they
     * find) deadlock on a bounded queue: once it is full and every consumer waits in {@code put}, nobody is
     * left to make room. Give them an {@linkplain #unbounded() unbounded} queue, or have them {@link
     * #offer(Object) offer} and keep what does not fit.
     *
     * @throws IllegalArgumentException if {@code capacity} is not positive (the message names it)
     */
    static <T> WorkQueue<T> bounded(int capacity) {
        return new DequeWorkQueue<>(capacity);
    }

    /**
     * Adds an item, waiting for room if the queue is bounded and full (backpressure), and counts one more
     * unfinished task.
     *
     * @throws NullPointerException if {@code item} is null
     * @throws QueueClosedException if the queue is closed, also while waiting
     * @throws InterruptedException if interrupted while waiting; the item was not added
     */
    void put(T item) throws InterruptedException;

    /**
     * Adds an item, waiting at most {@code timeout} for room.
     *
     * @return true if added; false if the queue stayed full for the whole timeout
     * @throws NullPointerException if {@code item} or {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws QueueClosedException if the queue is closed, also while waiting
     * @throws InterruptedException if interrupted while waiting; the item was not added
     */
    boolean offer(T item, Duration timeout) throws InterruptedException;

    /**
     * Adds an item if there is room now, without waiting.
     *
     * @return true if added, false if the queue is full
     * @throws QueueClosedException if the queue is closed
     */
    boolean offer(T item);

    /**
     * Removes and returns the oldest item, waiting until there is one.
     *
     * @throws QueueClosedException once the queue is closed and empty
     * @throws InterruptedException if interrupted while waiting
     */
    T take() throws InterruptedException;

    /**
     * Removes and returns the oldest item, waiting at most {@code timeout} for one.
     *
     * @return the item, or null if the queue stayed empty for the whole timeout
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws QueueClosedException once the queue is closed and empty
     * @throws InterruptedException if interrupted while waiting
     */
    T poll(Duration timeout) throws InterruptedException;

    /**
     * Removes and returns the oldest item if there is one now.
     *
     * @return the item, or null if the queue is empty and open
     * @throws QueueClosedException if the queue is closed and empty
     */
    T poll();

    /**
     * Marks one taken item as done. When the count of unfinished tasks reaches zero, every thread waiting
     * in {@link #join} is released.
     *
     * @throws IllegalStateException if called more times than items were put (the message gives both
     *     counts)
     */
    void taskDone();

    /** Waits until every item ever put has been marked done with {@link #taskDone}. */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until every item put has been marked done.
     *
     * @return true if all were done, false if the timeout expired first
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Closes the queue: further puts fail, producers waiting in {@code put} are woken with {@link
     * QueueClosedException}, consumers drain what is left and then see the queue closed. Idempotent.
     */
    void close();

    /**
     * Closes the queue and removes every pending item, as Python's {@code shutdown(immediate=True)}: the
     * unfinished count drops by the number of items removed, which may release {@link #join}.
     *
     * @return the removed items, oldest first
     */
    List<T> closeNow();

    /** Whether {@link #close()} or {@link #closeNow()} was called. */
    boolean isClosed();

    /** The number of items waiting to be taken. */
    int size();

    /** Items put but not yet marked done (waiting, plus taken and unfinished). */
    long unfinishedTasks();

    /** The capacity, or {@link Integer#MAX_VALUE} if unbounded. */
    int capacity();

    /**
     * Iterates by {@link #take}: blocks for the next item and ends when the queue is closed and drained.
     * Does not call {@link #taskDone}. An interrupt while waiting ends the iteration with the interrupt
     * flag restored and an {@link IllegalStateException}.
     */
    @Override
    default Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    next = take();
                    return true;
                } catch (QueueClosedException closed) {
                    ended = true;
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ended = true;
                    throw new IllegalStateException("interrupted while waiting for the next item", e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the queue is closed and drained");
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }
}
