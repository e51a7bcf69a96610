package dev.spool.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Events per second over a recent window: the last {@code windowSeconds} whole seconds plus the current
 * partial one. {@link #record} is lock-free and may be called from any thread; {@link #perSecond} too.
 */
final class RecentRate {

    /*
     * Implementation notes.
     *
     * A ring of per-second counters, indexed by epoch second modulo its length. A slot holds an immutable
     * (second, adder) pair; the first event of a new second replaces the pair by compare-and-set, so a
     * reset never races with increments of the new second (they go to the new adder), and at most one
     * new pair per slot per second is allocated. An event older than its slot's current second (a thread
     * delayed by a whole ring turn) is dropped: too old to be in the window anyway. An increment on a pair
     * that was replaced meanwhile is lost the same way.
     *
     * The ring has windowSeconds + 3 slots: windowSeconds + 1 read by perSecond, and two spare so that
     * writers of the next second (their clock a little ahead) never overwrite a second being read.
     */

    private record Second(long epochSecond, LongAdder count) {}

    private final int windowSeconds;
    private final AtomicReferenceArray<Second> ring;

    RecentRate(int windowSeconds) {
        if (windowSeconds <= 0) {
            throw new IllegalArgumentException("windowSeconds must be positive, was " + windowSeconds);
        }
        this.windowSeconds = windowSeconds;
        this.ring = new AtomicReferenceArray<>(windowSeconds + 3);
    }

    /** Counts one event that happened at {@code at}. */
    void record(Instant at) {
        long second = at.getEpochSecond();
        int slot = Math.floorMod(second, ring.length());
        while (true) {
            Second current = ring.get(slot);
            if (current != null && current.epochSecond() == second) {
                current.count().increment();
                return;
            }
            if (current != null && current.epochSecond() > second) {
                return;
            }
            var fresh = new Second(second, new LongAdder());
            fresh.count().increment();
            if (ring.compareAndSet(slot, current, fresh)) {
                return;
            }
        }
    }

    /**
     * Events per second from the start of the window (or {@code since}, if later) to {@code now}; zero if
     * that span is empty or {@code since} is null.
     */
    double perSecond(Instant now, Instant since) {
        if (since == null) {
            return 0;
        }
        long nowSecond = now.getEpochSecond();
        long firstSecond = nowSecond - windowSeconds;
        Instant start = Instant.ofEpochSecond(firstSecond);
        if (since.isAfter(start)) {
            start = since;
        }
        double seconds = Duration.between(start, now).toNanos() / 1e9;
        if (seconds <= 0) {
            return 0;
        }
        long events = 0;
        for (int i = 0; i < ring.length(); i++) {
            Second s = ring.get(i);
            if (s != null && s.epochSecond() >= firstSecond && s.epochSecond() <= nowSecond) {
                events += s.count().sum();
            }
        }
        return events / seconds;
    }
}
