package dev.spool.pool;

import dev.spool.outcome.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The iterator behind {@link Pool#map}: reads inputs, keeps at most a window of them in flight, hands back
 * one outcome per input in input order or completion order.
 */
final class MapIterator<I, R> implements Iterator<Outcome<R>> {

    /*
     * Implementation notes.
     *
     * Confined to the consumer's thread (the thread reading the stream), except `completed`, which task
     * completions on worker threads feed. Inputs are read only here, so the input iterator need not be
     * thread-safe, and only when the window has room: in flight = submitted and not yet handed back
     * (in input order that includes finished tasks waiting behind a slower earlier one), which bounds
     * memory for any number of inputs.
     *
     * In input order the oldest undelivered task is awaited directly; in completion order tasks announce
     * themselves on `completed` as they finish.
     */

    private final Pool pool;
    private final Task<I, R> task;
    private final Iterator<? extends I> inputs;
    private final boolean inInputOrder;
    private final int window;
    private final int chunkSize;

    /** Input order: submitted and not handed back, oldest first. */
    private final ArrayDeque<TaskRecord<I, R>> pendingInOrder = new ArrayDeque<>();
    /** Completion order: submitted and not handed back. */
    private final LinkedHashSet<TaskRecord<I, R>> pending = new LinkedHashSet<>();
    /** Completion order: finished tasks, fed by worker threads. */
    private final LinkedBlockingQueue<TaskRecord<?, ?>> completed = new LinkedBlockingQueue<>();

    private boolean inputsDone;
    private RuntimeException inputError;
    private Outcome<R> next;
    private boolean closed;

    MapIterator(Pool pool, Task<I, R> task, Iterator<? extends I> inputs, MapOptions options) {
        this.pool = pool;
        this.task = task;
        this.inputs = inputs;
        this.inInputOrder = options.inInputOrder();
        this.window = options.effectiveWindow(pool.workers());
        this.chunkSize = options.chunkSize();
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        topUp();
        if (inFlight() == 0) {
            if (inputError != null) {
                RuntimeException e = inputError;
                inputError = null;
                throw e;
            }
            return false;
        }
        try {
            next = inInputOrder ? pendingInOrder.pollFirst().await() : nextCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for an outcome; the map was cancelled");
        }
        return true;
    }

    @Override
    public Outcome<R> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more outcomes");
        }
        Outcome<R> outcome = next;
        next = null;
        return outcome;
    }

    /** Stops reading inputs and cancels every task not yet handed back. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        inputsDone = true;
        pendingInOrder.forEach(TaskRecord::cancel);
        pending.forEach(TaskRecord::cancel);
        pendingInOrder.clear();
        pending.clear();
    }

    private int inFlight() {
        return inInputOrder ? pendingInOrder.size() : pending.size();
    }

    @SuppressWarnings("unchecked")
    private Outcome<R> nextCompleted() throws InterruptedException {
        var record = (TaskRecord<I, R>) completed.take();
        pending.remove(record);
        return record.observe(record.peekOutcome());
    }

    private void topUp() {
        while (!inputsDone && inFlight() + chunkSize <= window) {
            List<TaskRecord<I, R>> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize && !inputsDone) {
                I input;
                try {
                    if (!inputs.hasNext()) {
                        inputsDone = true;
                        break;
                    }
                    input = inputs.next();
                } catch (RuntimeException e) {
                    inputError = e; // handed to the consumer after the outcomes before it
                    inputsDone = true;
                    break;
                }
                chunk.add(pool.newRecord(task, input, inInputOrder ? null : completed::add, true));
            }
            if (chunk.isEmpty()) {
                return;
            }
            if (inInputOrder) {
                pendingInOrder.addAll(chunk);
            } else {
                pending.addAll(chunk);
            }
            try {
                WorkItem item = chunk.size() == 1 ? chunk.getFirst() : new WorkItem.Chunk(List.copyOf(chunk));
                pool.enqueue(item);
            } catch (PoolClosedException e) {
                inputsDone = true; // the chunk's tasks ended as not run and are handed back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new CancellationException("interrupted while submitting; the map was cancelled");
            }
        }
    }
}
