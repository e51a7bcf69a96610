package dev.spool.pool;

import dev.spool.outcome.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The iterator behind {@link Pool#map} and {@link Pool#mapWithInputs}: reads inputs, keeps at most a window
 * of them in flight, hands back one outcome per input in input order or completion order, as a {@code T}
 * made of the task and its outcome (the outcome alone, or a {@link MapOutcome}).
 */
final class MapIterator<I, R, T> implements Iterator<T> {

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
     * themselves on `completed` as they finish, and the consumer takes them in batches (drainTo: one lock
     * round trip for all that are there).
     *
     * Completion order keeps no set of its pending tasks (a hash set cost a hash insert, a removal and
     * repeated resizing per task, on the consumer's thread, which is also the one submitting): it counts
     * them in `inFlightCount` and keeps every submitted task in `submittedOrder` for close() to cancel.
     * Tasks already decided are dropped from its head as outcomes are handed back, and from anywhere in
     * it when it grows past twice the window (amortised O(1) per task), so it holds at most about
     * 2 x window + one chunk tasks however many inputs there are: a decided task needs no cancel (cancel
     * on it is a no-op), so dropping one early changes nothing.
     *
     * Ending early. Every input read gets exactly one outcome, handed back. The map reads no more inputs
     * once the pool is shut down or stopping (checked before each read, so that a stop never leaves an input
     * read and unsubmitted), once the deadline has passed, or once the pool refused a chunk (whose tasks
     * ended not run and are handed back like the others). The reason is kept in `refusal` and thrown once
     * every outcome has been handed back, so the reader learns that inputs were left unread, as submit()
     * throws PoolClosedException. Inputs that ran out by themselves leave `refusal` null; so do inputs of
     * a known size that were all read (the iterator is not asked again: a source such as stdin may block).
     *
     * The deadline is kept on this thread, without a timer: waits for an outcome are bounded by it, and
     * when it passes every task not yet handed back is expired (queued: not run; running: aborted, then
     * cancelled), after which their outcomes come at once.
     */

    private final Pool pool;
    private final Task<I, R> task;
    private final Iterator<? extends I> inputs;
    private final boolean inInputOrder;
    private final int window;
    private final int chunkSize;
    /** What is handed back for a task and its (observed) outcome. */
    private final BiFunction<TaskRecord<I, R>, Outcome<R>, T> handBack;

    /** Input order: submitted and not handed back, oldest first. */
    private final ArrayDeque<TaskRecord<I, R>> pendingInOrder = new ArrayDeque<>();
    /** Completion order: submitted tasks, oldest first, including some decided ones; see the notes. */
    private final ArrayDeque<TaskRecord<I, R>> submittedOrder = new ArrayDeque<>();
    /** Completion order: submitted and not handed back. */
    private int inFlightCount;
    /** Completion order: finished tasks, fed by worker threads. */
    private final LinkedBlockingQueue<TaskRecord<?, ?>> completed = new LinkedBlockingQueue<>();
    /** Completion order: taken from `completed`, not yet handed back. */
    private final ArrayDeque<TaskRecord<?, ?>> ready = new ArrayDeque<>();
    /** Completion order: the tasks' completion callback, one object for all of them. */
    private final Consumer<TaskRecord<?, ?>> onComplete = completed::add;

    /** System.nanoTime() when the deadline passes; meaningful only if `deadline` is not null. */
    private final long deadlineAt;
    private final Duration deadline;
    private boolean expired;

    /** The number of inputs, when known (a collection), else -1: reading them all is running out. */
    private final long knownSize;
    private boolean inputsDone;
    /** Inputs read so far. */
    private long inputsRead;
    private RuntimeException inputError;
    /** Why inputs stopped being read before they ran out; thrown after the last outcome. See the notes. */
    private RuntimeException refusal;
    private T next;
    private boolean closed;

    MapIterator(Pool pool, Task<I, R> task, Iterator<? extends I> inputs, long knownSize, MapOptions options,
                BiFunction<TaskRecord<I, R>, Outcome<R>, T> handBack) {
        this.pool = pool;
        this.handBack = handBack;
        this.knownSize = knownSize;
        this.task = task;
        this.inputs = inputs;
        this.inInputOrder = options.inInputOrder();
        this.window = options.effectiveWindow(pool.workers());
        this.chunkSize = options.chunkSize();
        this.deadline = options.deadline();
        this.deadlineAt = deadline == null ? 0 : System.nanoTime() + deadline.toNanos();
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
            RuntimeException end = inputError != null ? inputError : refusal;
            inputError = null;
            refusal = null;
            if (end != null) {
                closed = true;
                throw end;
            }
            return false;
        }
        try {
            next = inInputOrder ? nextInOrder() : nextCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for an outcome; the map was cancelled");
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more outcomes");
        }
        T outcome = next;
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
        submittedOrder.forEach(TaskRecord::cancel);
        pendingInOrder.clear();
        submittedOrder.clear();
        inFlightCount = 0;
    }

    private int inFlight() {
        return inInputOrder ? pendingInOrder.size() : inFlightCount;
    }

    private T nextInOrder() throws InterruptedException {
        TaskRecord<I, R> head = pendingInOrder.peekFirst();
        if (deadline != null && !expired) {
            long left = deadlineAt - System.nanoTime();
            if (left <= 0 || head.await(Duration.ofNanos(left)).isEmpty()) {
                expire();
            }
        }
        TaskRecord<I, R> record = pendingInOrder.pollFirst();
        return handBack.apply(record, record.await());
    }

    @SuppressWarnings("unchecked")
    private T nextCompleted() throws InterruptedException {
        if (ready.isEmpty() && completed.drainTo(ready) == 0) {
            TaskRecord<?, ?> first = null;
            if (deadline != null && !expired) {
                first = completed.poll(deadlineAt - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    expire();
                }
            }
            ready.add(first != null ? first : completed.take());
            completed.drainTo(ready);
        }
        var record = (TaskRecord<I, R>) ready.poll();
        inFlightCount--;
        while (!submittedOrder.isEmpty() && submittedOrder.peekFirst().isDone()) {
            submittedOrder.pollFirst();
        }
        return handBack.apply(record, record.observe(record.peekOutcome()));
    }

    /** The deadline passed: read no more, end every task not handed back; see the notes. */
    private void expire() {
        expired = true;
        refuse(new DeadlineExceededException(deadline, inputsRead));
        String notRun = "the map's deadline of " + deadline + " passed before the task started";
        String cancelled = "the map's deadline of " + deadline + " passed while the task ran";
        // Queued ones first: aborting a running one first would free its worker to start a queued one.
        ArrayDeque<TaskRecord<I, R>> pending = inInputOrder ? pendingInOrder : submittedOrder;
        for (TaskRecord<I, R> record : pending) {
            record.expireIfNotRunning(notRun, cancelled);
        }
        for (TaskRecord<I, R> record : pending) {
            record.expire(notRun, cancelled);
        }
    }

    /** Why the map read no more inputs when the pool closed: how many it read, and the pool's reason. */
    private PoolClosedException poolClosed() {
        return new PoolClosedException("the map read no more inputs after " + inputsRead + ": "
                + pool.closedReason());
    }

    /** Stops reading inputs for {@code reason}, unless they ran out already. */
    private void refuse(RuntimeException reason) {
        if (inputsRead == knownSize) {
            inputsDone = true; // all read: nothing was left out, whatever the iterator would say next
        }
        if (!inputsDone) {
            inputsDone = true;
            refusal = reason;
        }
    }

    private void topUp() {
        if (deadline != null && !expired && System.nanoTime() - deadlineAt >= 0) {
            expire();
        }
        while (!inputsDone && inFlight() + chunkSize <= window) {
            List<TaskRecord<I, R>> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize && !inputsDone) {
                if (pool.isShutdown()) {
                    // before reading: an input read is an input submitted (or ended not run), never dropped
                    refuse(poolClosed());
                    break;
                }
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
                chunk.add(pool.newRecord(task, input, inInputOrder ? null : onComplete, inputsRead));
                inputsRead++;
            }
            if (chunk.isEmpty()) {
                return;
            }
            if (inInputOrder) {
                pendingInOrder.addAll(chunk);
            } else {
                submittedOrder.addAll(chunk);
                inFlightCount += chunk.size();
                if (submittedOrder.size() / 2 > window) {
                    submittedOrder.removeIf(TaskRecord::isDone);
                }
            }
            try {
                WorkItem item = chunk.size() == 1 ? chunk.getFirst() : new WorkItem.Chunk(List.copyOf(chunk));
                pool.enqueue(item);
            } catch (PoolClosedException | WorkerStartException e) {
                // the chunk's tasks ended as not run and are handed back; then the reader learns why
                refuse(e instanceof PoolClosedException ? poolClosed() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new CancellationException("interrupted while submitting; the map was cancelled");
            }
        }
    }
}
