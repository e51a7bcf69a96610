package dev.spool.pool;

import dev.spool.internal.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * A pool's time for tests: a clock that moves only when the test {@linkplain #advance advances} it, and a
 * scheduler whose actions run then, on the test's thread, in the order of their deadlines. A timeout can
 * then be tested without waiting for it, and its times are exact.
 */
final class ManualTime implements TaskClock, Scheduler {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private record Due(long at, long order, FutureTask<Void> action) {}

    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    /** Guarded by this. */
    private long now = START.getEpochSecond() * 1_000_000_000L;
    private long scheduled;

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public synchronized Future<?> schedule(Runnable action, Duration delay) {
        FutureTask<Void> task = new FutureTask<>(action, null);
        due.add(new Due(now + delay.toNanos(), scheduled++, task));
        return task;
    }

    /** Moves the clock by {@code by} and runs every action that has come due, cancelled ones excepted. */
    void advance(Duration by) {
        List<FutureTask<Void>> run = new ArrayList<>();
        synchronized (this) {
            now += by.toNanos();
            while (!due.isEmpty() && due.peek().at <= now) {
                run.add(due.poll().action);
            }
        }
        run.forEach(FutureTask::run); // outside the lock: an action may read the clock or schedule another
    }

    /** The actions scheduled, not yet run and not cancelled. */
    synchronized long pending() {
        return due.stream().filter(d -> !d.action.isCancelled()).count();
    }

    /** {@link #START} plus {@code offset}. */
    static Instant at(Duration offset) {
        return START.plus(offset);
    }
}
