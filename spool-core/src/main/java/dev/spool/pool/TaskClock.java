package dev.spool.pool;

import java.time.Instant;

/** The pool's clock for task times: epoch nanoseconds, one cheap read per event, no allocation. */
interface TaskClock {

    /*
     * Implementation notes.
     *
     * Instant.now() costs a wall-clock read and an allocation; a task has up to three times (submitted,
     * started, ended) and the pool records them on every task. The system clock reads System.nanoTime() and
     * adds it to one wall-clock reading taken when the class is initialized, so every time is a long and an
     * Instant is built only when someone asks for one (TaskInfo's accessors, events).
     *
     * The times are therefore monotonic and consistent with each other (a task never ends before it
     * started, even if the wall clock steps back), and they follow the wall clock as of the JVM's first
     * pool, drifting from it only by the drift between the two system clocks (NTP slewing) over the
     * JVM's life. Every event of a pool is stamped by its clock, and the pool's own StatsCollector reads
     * "now" from it too, so stats never mix the two time lines. Epoch nanoseconds in a long reach the year 2262.
     *
     * A pool's clock is injectable (PoolBuilder.time, for tests), together with its Scheduler, so that a test
     * can advance time and fire a timeout without waiting for it.
     */

    /** The system's clock: the default of every pool. */
    TaskClock SYSTEM = new SystemClock();

    /** Now, in nanoseconds since the epoch. */
    long now();

    /** Now, as an Instant: for events that are not per task. */
    default Instant nowInstant() {
        return instant(now());
    }

    /** {@code epochNanos} as an Instant. */
    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    /** System.nanoTime() from one wall-clock reading: see the notes. */
    final class SystemClock implements TaskClock {

        private static final long BASE_EPOCH_NANOS = epochNanos(Instant.now());
        private static final long BASE_NANO_TIME = System.nanoTime();

        private SystemClock() {}

        @Override
        public long now() {
            return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_NANO_TIME);
        }

        private static long epochNanos(Instant instant) {
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
    }
}
