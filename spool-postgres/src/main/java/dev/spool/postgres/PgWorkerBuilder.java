package dev.spool.postgres;

import dev.spool.pool.Pool;
import dev.spool.pool.RetryPolicy;
import dev.spool.pool.Task;
import dev.spool.pool.WorkerKind;
import dev.spool.process.Codec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Configures a {@link PgWorker}; made by {@link PgWorker#builder}. Not thread-safe. */
public final class PgWorkerBuilder {
    final PgQueue queue;
    final Pool pool;
    final Set<String> queues = new LinkedHashSet<>();
    final Map<String, JobTask<?, ?>> tasks = new LinkedHashMap<>();
    final Map<JobState, Duration> retention = new LinkedHashMap<>(Map.of(
            JobState.SUCCEEDED, Duration.ofHours(1),
            JobState.CANCELLED, Duration.ofDays(7),
            JobState.DISCARDED, Duration.ofDays(7)));
    String id;
    Duration lease = Duration.ofSeconds(15);
    Duration heartbeatInterval;
    Duration pollInterval = Duration.ofSeconds(1);
    Duration rescueInterval;
    RetryPolicy backoff = RetryPolicy.attempts(Integer.MAX_VALUE)
            .backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10));
    int prefetch = -1;
    PgWorker.CompletionListener listener;

    PgWorkerBuilder(PgQueue queue, Pool pool) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.pool = Objects.requireNonNull(pool, "pool");
        if (pool.kind() == WorkerKind.PROCESS) {
            throw new IllegalArgumentException("PgWorker runs jobs on thread kinds (PLATFORM, VIRTUAL);"
                    + " pool " + pool.name() + " is of kind PROCESS");
        }
    }

    /** The queues to serve; at least one. A worker runs only jobs of these queues. */
    public PgWorkerBuilder queues(String... names) {
        for (String name : names) {
            queues.add(Objects.requireNonNull(name, "queue name"));
        }
        return this;
    }

    /** Registers {@code task} under {@code name}, its input decoded by {@code input}; no result kept. */
    public <I> PgWorkerBuilder task(String name, Task<I, ?> task, Codec<I> input) {
        return task(name, task, input, null);
    }

    /**
     * Registers {@code task} under {@code name}: its input decoded by {@code input}, its result (if not
     * null) encoded by {@code result} into the job's {@code result} column. A worker claims only jobs of
     * the tasks registered on it; jobs of other tasks wait for a worker that has them.
     */
    public <I, R> PgWorkerBuilder task(String name, Task<I, R> task, Codec<I> input, Codec<? super R> result) {
        if (tasks.putIfAbsent(name, new JobTask<>(name, task, input, result)) != null) {
            throw new IllegalArgumentException("task '" + name + "' is registered twice");
        }
        return this;
    }

    /** The lease of a claimed job; default 15 s. A dead worker's jobs are rescued this long after. */
    public PgWorkerBuilder lease(Duration lease) {
        this.lease = positive(lease, "lease");
        return this;
    }

    /** How often leases are extended; default a third of the lease. */
    public PgWorkerBuilder heartbeatInterval(Duration interval) {
        this.heartbeatInterval = positive(interval, "heartbeatInterval");
        return this;
    }

    /** The longest wait before looking for jobs without a notification; default 1 s. */
    public PgWorkerBuilder pollInterval(Duration interval) {
        this.pollInterval = positive(interval, "pollInterval");
        return this;
    }

    /** How often expired leases are rescued; default a quarter of the lease. */
    public PgWorkerBuilder rescueInterval(Duration interval) {
        this.rescueInterval = positive(interval, "rescueInterval");
        return this;
    }

    /**
     * The delays between attempts ({@link RetryPolicy#delayAfter}, with ±25% jitter) and which errors
     * are retried ({@link RetryPolicy#retryOn}); the number of attempts is each job's own max attempts.
     * Default: 1 s, doubling, at most 10 min, every error.
     */
    public PgWorkerBuilder backoff(RetryPolicy policy) {
        this.backoff = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Jobs claimed beyond the pool's workers, waiting in the pool's queue. By default adaptive: about
     * 50 ms of work at the jobs' average run time, at least one per worker and at most 1,000.
     */
    public PgWorkerBuilder prefetch(int jobs) {
        if (jobs < 0) {
            throw new IllegalArgumentException("prefetch must not be negative, was " + jobs);
        }
        this.prefetch = jobs;
        return this;
    }

    /** How long finished jobs in {@code state} are kept; default 1 h succeeded, 7 days otherwise. */
    public PgWorkerBuilder retention(JobState state, Duration keep) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("retention applies to finished states, not " + state);
        }
        retention.put(state, Objects.requireNonNull(keep, "keep"));
        return this;
    }

    /** This worker's identity in the table; default host:pid:random. */
    public PgWorkerBuilder id(String id) {
        this.id = Objects.requireNonNull(id, "id");
        return this;
    }

    /** Told of every completion written or refused. */
    public PgWorkerBuilder listener(PgWorker.CompletionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Starts the worker. */
    public PgWorker start() {
        if (queues.isEmpty()) {
            throw new IllegalStateException("no queue to serve: call queues(...)");
        }
        if (tasks.isEmpty()) {
            throw new IllegalStateException("no task registered: call task(...)");
        }
        if (heartbeatInterval != null && heartbeatInterval.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("heartbeatInterval " + heartbeatInterval
                    + " must be shorter than the lease " + lease);
        }
        var worker = new PgWorker(this);
        worker.start();
        return worker;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
