package dev.spool.postgres;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.PoolClosedException;
import dev.spool.pool.RetryPolicy;
import dev.spool.pool.TaskHandle;
import dev.spool.stop.StopToken;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes queues of a {@link PgQueue} and runs their jobs on a {@link Pool}: the pool's builder, worker
 * kind and size, task timeout and signal handling apply as for in-memory work.
 *
 * <pre>{@code
 * Pool pool = Pool.builder().kind(WorkerKind.VIRTUAL).workers(16).build();
 * PgWorker worker = PgWorker.builder(queue, pool)
 *         .queues("emails")
 *         .task("send", new SendEmail(), new JsonCodec())   // Task<Email, ?>
 *         .start();
 * ...
 * worker.stop();               // graceful: running jobs finish, claimed-but-unstarted ones are released
 * worker.awaitTermination();
 * }</pre>
 *
 * <p>Each running job gets its own {@link dev.spool.pool.TaskContext}: {@code seq} is the job's id, {@code
 * attempt} the table's attempt (from 1, across machines), and its stop token is requested when the job is
 * cancelled, when its lease is lost, or when the worker or its pool stops. The worker owns the pool: it stops
 * it when it stops. Thread kinds only ({@link WorkerKind#PLATFORM}, {@link WorkerKind#VIRTUAL}).
 *
 * <p>See {@link PgQueue} for the guarantee. All methods are thread-safe.
 */
public final class PgWorker implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * Five threads, each doing one job (after River's producer, completer and maintenance services):
     *   claimer     claims batches sized to the free slots (the pool's workers + prefetch, less the jobs in
     *               hand) and submits each job to the pool; waits on `wake` when it has nothing to do.
     *   completer   turns outcomes into Completions and writes them in batches (whatever has accumulated
     *               while the previous batch was written); retries a failed write with backoff.
     *   heartbeat   extends the leases of every job in hand; requests a job's stop token when its
     *               cancellation is seen or its lease is lost, and propagates the pool's stop.
     *   maintenance rescues expired leases (any worker rescues any job: SKIP LOCKED makes that safe) and
     *               deletes finished jobs past their retention, in small batches.
     *   listener    LISTENs on the schema's channel on its own connection and wakes the claimer for its
     *               queues; reconnects with backoff. Polling every pollInterval covers its absence.
     *
     * `running` holds every job in hand, from its claim until its completion is written (or refused), so
     * that the heartbeat keeps its lease until then; its size against the capacity gives the claimer's free
     * slots, so a completer that falls behind holds back the claims (the leases a worker holds, and so its
     * heartbeat's work, stay bounded). `inPool` counts jobs submitted whose outcome has not come back, for
     * the stop's sequence.
     *
     * Run state, in `state`: RUNNING -> STOPPING -> TERMINATED. The claimer, on leaving its loop, does the
     * stop's sequence in order: stop the pool (its unstarted jobs end NotRun: released at once), wait for
     * the pool to terminate, let the completer drain, then end the heartbeat, maintenance and listener. A
     * JVM shutdown hook (SIGINT/SIGTERM through ShutdownSignals end in System.exit) runs the same stop and
     * waits a bounded time, so that a signalled worker writes its outcomes before the JVM ends.
     */

    private static final System.Logger LOG = System.getLogger(PgWorker.class.getName());
    private static final int RUNNING = 0;
    private static final int STOPPING = 1;
    private static final int TERMINATED = 2;
    /** The adaptive prefetch keeps about this much work in hand beyond the running jobs. */
    private static final Duration PREFETCH_HORIZON = Duration.ofMillis(50);
    private static final int MAX_PREFETCH = 1000;

    /** A job in hand: its stop token, and whether a cancel was seen for it. */
    static final class Running {
        private final StopToken token = new StopToken();
        private volatile boolean cancelRequested;

        StopToken token() {
            return token;
        }
    }

    /** Told of each completion once it is written, or refused by the fence. For tests and monitoring. */
    @FunctionalInterface
    public interface CompletionListener {
        /**
         * @param state what the attempt led to: {@code succeeded}, {@code available} (retry), {@code
         *     discarded}, {@code cancelled}, {@code released}
         * @param applied false if the fence refused it: the attempt was no longer running (rescued)
         */
        void recorded(long jobId, int attempt, String state, boolean applied);
    }

    private final PgQueue queue;
    private final Pool pool;
    private final String id;
    private final Set<String> queues;
    /** The queues in the order the next claim tries them; rotated by the claimer only. */
    private final List<String> claimOrder;
    private final Map<String, JobTask<?, ?>> tasks;
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final Duration pollInterval;
    private final Duration rescueInterval;
    private final Map<JobState, Duration> retention;
    private final RetryPolicy backoff;
    /** The pool's worker slots. */
    private final int slots;
    /** The prefetch set by the builder, or -1 for the adaptive one. */
    private final int fixedPrefetch;
    /**
     * A moving average of the jobs' run times, in nanoseconds, for the adaptive prefetch; -1 before the
     * first sample. Written by whichever pool thread completes a job: a sample lost to a race is harmless.
     */
    private volatile long averageRunNanos = -1;
    private final CompletionListener listener;

    private final Map<ClaimedJob, Running> running = new ConcurrentHashMap<>();
    private final AtomicInteger inPool = new AtomicInteger();
    /** Raised by the claimer while it waits for free slots; read by the completion callbacks. */
    private volatile boolean awaitingSlots;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Wake wake = new Wake();
    private final Completer completer;
    private final WakeListener wakeListener;
    private final JobTask.Runner runner;
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Counted down when the heartbeat and maintenance threads must end (just before termination). */
    private final CountDownLatch wakeServices = new CountDownLatch(1);
    private final List<Thread> services = new ArrayList<>();
    private final Thread shutdownHook;
    /** Written only by the maintenance thread. */
    private long lastRetentionNanos;

    PgWorker(PgWorkerBuilder b) {
        this.queue = b.queue;
        this.pool = b.pool;
        this.id = b.id != null ? b.id : defaultId();
        this.queues = Set.copyOf(b.queues);
        this.claimOrder = new ArrayList<>(b.queues);
        this.tasks = Map.copyOf(b.tasks);
        this.lease = b.lease;
        this.heartbeatInterval = b.heartbeatInterval != null ? b.heartbeatInterval : b.lease.dividedBy(3);
        this.pollInterval = b.pollInterval;
        this.rescueInterval = b.rescueInterval != null ? b.rescueInterval : b.lease.dividedBy(4);
        this.retention = Map.copyOf(b.retention);
        this.backoff = b.backoff;
        this.slots = pool.workers();
        this.fixedPrefetch = b.prefetch;
        this.listener = b.listener;
        this.completer = new Completer(queue, running, this::recorded, this::slotsFreed);
        this.runner = new JobTask.Runner(tasks, running);
        this.wakeListener = new WakeListener(queue, queues, wake, this::isRunning);
        this.shutdownHook = new Thread(this::stopForExit, "spool-pg-shutdown-" + id);
    }

    /** A builder for a worker that takes jobs from {@code queue} and runs them on {@code pool}. */
    public static PgWorkerBuilder builder(PgQueue queue, Pool pool) {
        return new PgWorkerBuilder(queue, pool);
    }

    private static String defaultId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException ignored) {
            // keep the environment's name
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This worker's identity, as recorded in the {@code worker} column of the jobs it runs. */
    public String id() {
        return id;
    }

    /** Jobs this worker holds now (claimed, running, or awaiting the write of their outcome). */
    public int inHand() {
        return running.size();
    }

    /** Completions the fence refused so far: attempts that had been rescued before they completed here. */
    public long refusedCompletions() {
        return completer.refused();
    }

    /** Whether the worker listens for notifications of new jobs now (else it polls). */
    public boolean isListening() {
        return wakeListener.isListening();
    }

    void start() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        services.add(Thread.ofPlatform().name("spool-pg-heartbeat").start(this::heartbeatLoop));
        services.add(Thread.ofPlatform().name("spool-pg-maintenance").start(this::maintenanceLoop));
        services.add(Thread.ofPlatform().name("spool-pg-listener").start(wakeListener::run));
        services.add(Thread.ofPlatform().name("spool-pg-completer").start(completer::run));
        Thread.ofPlatform().name("spool-pg-claimer").start(this::claimLoop);
    }

    // ---- claiming ----

    private boolean isRunning() {
        return state.get() == RUNNING && !pool.isShutdown();
    }

    private void claimLoop() {
        long failures = 0;
        try {
            while (isRunning()) {
                // Batch: with jobs in hand, wait until a quarter of the slots are free. The flag is raised
                // before the check, so that a completion after the check wakes us (the signal is sticky).
                awaitingSlots = true;
                int inHand = running.size();
                int free = capacity() - inHand;
                if (!enoughFree(inHand)) {
                    wake.await(pollInterval);
                    continue;
                }
                awaitingSlots = false;
                List<ClaimedJob> claimed;
                try {
                    claimed = queue.claim(claimOrder, tasks.keySet(), free, id, lease);
                    java.util.Collections.rotate(claimOrder, 1); // no queue starves the others
                    failures = 0;
                } catch (SQLException e) {
                    failures++;
                    if (failures == 1 || failures % 50 == 0) {
                        LOG.log(Level.WARNING, "worker " + id + " cannot claim jobs (" + failures
                                + " failures in a row), retrying: " + e.getMessage());
                    }
                    wake.await(backoff(failures));
                    continue;
                }
                for (int i = 0; i < claimed.size(); i++) {
                    try {
                        submit(claimed.get(i));
                    } catch (InterruptedException | RuntimeException | Error e) {
                        // Hand back what was claimed and not submitted, at once, before the stop.
                        for (ClaimedJob rest : claimed.subList(i, claimed.size())) {
                            if (!running.containsKey(rest)) {
                                completer.add(rest, Completion.released(rest));
                            }
                        }
                        throw e;
                    }
                }
                if (claimed.size() < free) {
                    wake.await(pollInterval);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "worker " + id + ": claimer failed; stopping", e);
        } finally {
            finishStop();
        }
    }

    /**
     * How many jobs this worker holds at most: the pool's slots plus the prefetch. The adaptive prefetch
     * holds as many as the pool runs in {@link #PREFETCH_HORIZON} at the jobs' average run time, at least
     * one per slot and at most {@link #MAX_PREFETCH}: a claim's round trip is then hidden behind work
     * already in hand for short jobs, while long jobs are not hoarded away from idle machines.
     */
    private int capacity() {
        if (fixedPrefetch >= 0) {
            return slots + fixedPrefetch;
        }
        long average = averageRunNanos;
        if (average < 0) {
            return 2 * slots;
        }
        long prefetch = PREFETCH_HORIZON.toNanos() * slots / Math.max(1, average);
        return slots + Math.clamp(prefetch, slots, MAX_PREFETCH);
    }

    /** Whether a claim is worth its round trip with {@code inHand} jobs in hand. */
    private boolean enoughFree(int inHand) {
        int capacity = capacity();
        int free = capacity - inHand;
        return free > 0 && (inHand == 0 || free >= Math.max(1, capacity / 4));
    }

    /** Called by the completer after each batch it wrote: slots are free again. */
    private void slotsFreed() {
        int inHand = running.size();
        // Wake the claimer only when it waits for slots and enough are free (or none is in hand).
        if (inHand == 0 || (awaitingSlots && enoughFree(inHand))) {
            wake.signal();
        }
    }

    private void sampleRunTime(Outcome<?> outcome) {
        long nanos = outcome.info().runTime().toNanos();
        long average = averageRunNanos;
        averageRunNanos = average < 0 ? nanos : average - average / 8 + nanos / 8;
    }

    private void submit(ClaimedJob job) throws InterruptedException {
        Running entry = new Running();
        running.put(job, entry);
        inPool.incrementAndGet();
        TaskHandle<byte[]> handle;
        try {
            handle = pool.submit(runner, job);
        } catch (PoolClosedException e) {
            inPool.decrementAndGet();
            completer.add(job, Completion.released(job));
            return;
        } catch (InterruptedException | RuntimeException | Error e) {
            inPool.decrementAndGet();
            completer.add(job, Completion.released(job));
            throw e;
        }
        handle.completion().thenAccept(outcome -> {
            try {
                if (!(outcome instanceof Outcome.NotRun<byte[]>)) {
                    sampleRunTime(outcome);
                }
                completer.add(job, completionOf(job, entry, outcome));
            } catch (RuntimeException e) { // never lose an outcome to a bug in the mapping
                LOG.log(Level.ERROR, "job " + job.id() + ": cannot record outcome " + outcome, e);
                completer.add(job, failure(job, "failed", e, true));
            } finally {
                inPool.decrementAndGet();
            }
        });
    }

    // ---- outcomes ----

    private Completion completionOf(ClaimedJob job, Running entry, Outcome<byte[]> outcome) {
        return switch (outcome) {
            case Outcome.Succeeded<byte[]> s ->
                    new Completion(job.id(), job.attempt(), "succeeded", "succeeded", s.value(), null, 0);
            case Outcome.NotRun<byte[]> n -> Completion.released(job);
            case Outcome.Failed<byte[]> f -> failure(job, "failed", f.error(),
                    f.error() instanceof JobTask.UndecodablePayloadException
                            || f.error() instanceof AttemptFailedException a && a.isLast());
            case Outcome.TimedOut<byte[]> t ->
                    failure(job, "timed_out", new java.util.concurrent.TimeoutException("timed out after "
                            + t.timeout()), false);
            case Outcome.Cancelled<byte[]> c -> entry.cancelRequested
                    ? new Completion(job.id(), job.attempt(), "cancelled", "cancelled", null, c.reason(), 0)
                    : failure(job, "cancelled", new java.util.concurrent.CancellationException(c.reason()), false);
        };
    }

    private Completion failure(ClaimedJob job, String outcome, Throwable error, boolean permanent) {
        String text = describe(error);
        byte[] result = error instanceof AttemptFailedException failed ? failed.result() : null;
        if (!permanent && job.attempt() < job.maxAttempts() && backoff.retryOn().test(error)) {
            Duration delay = backoff.delayAfter(job.attempt());
            long millis = (long) (delay.toMillis() * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble()));
            return new Completion(job.id(), job.attempt(), "available", outcome, result, text, millis);
        }
        return new Completion(job.id(), job.attempt(), "discarded", outcome, result, text, 0);
    }

    private static String describe(Throwable error) {
        if (error instanceof AttemptFailedException failed) {
            return failed.getMessage();
        }
        var text = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(text));
        String s = text.toString();
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "...";
    }

    private void recorded(Completion completion, boolean applied) {
        if (!applied && !"released".equals(completion.state())) {
            LOG.log(Level.WARNING, "worker " + id + ": the outcome of job " + completion.id() + " attempt "
                    + completion.attempt() + " was refused: the job no longer runs that attempt (its lease"
                    + " expired and it was rescued)");
        }
        if (listener != null) {
            listener.recorded(completion.id(), completion.attempt(), completion.state(), applied);
        }
    }

    // ---- heartbeat and maintenance ----

    private void heartbeatLoop() {
        long failures = 0;
        while (state.get() != TERMINATED) {
            Duration pause = heartbeatInterval;
            try {
                requestJobStops();
                List<ClaimedJob> held = List.copyOf(running.keySet());
                Map<Long, Boolean> alive = queue.heartbeat(held, lease);
                failures = 0;
                for (ClaimedJob job : held) {
                    Running entry = running.get(job);
                    if (entry == null) {
                        continue; // completed meanwhile
                    }
                    Boolean cancelled = alive.get(job.id());
                    if (cancelled == null) {
                        entry.token.requestStop("job " + job.id() + " attempt " + job.attempt()
                                + ": lease lost (rescued by another worker)");
                    } else if (cancelled) {
                        entry.cancelRequested = true;
                        entry.token.requestStop("job " + job.id() + " cancelled");
                    }
                }
            } catch (SQLException e) {
                failures++;
                LOG.log(Level.WARNING, "worker " + id + " cannot extend its leases (" + failures
                        + " failures in a row): " + e.getMessage());
                if (backoff(failures).compareTo(heartbeatInterval) < 0) {
                    pause = backoff(failures);
                }
            }
            try {
                sleepUntilTerminated(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void maintenanceLoop() {
        while (state.get() == RUNNING) {
            try {
                while (queue.rescue(1000).size() == 1000) {
                    // more to rescue
                }
                long now = System.nanoTime();
                if (now - lastRetentionNanos > TimeUnit.MINUTES.toNanos(1) || lastRetentionNanos == 0) {
                    lastRetentionNanos = now;
                    for (var entry : retention.entrySet()) {
                        queue.deleteFinished(entry.getKey(), entry.getValue(), 1000);
                    }
                }
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "worker " + id + " cannot rescue or clean jobs: " + e.getMessage());
            }
            try {
                sleepUntilTerminated(rescueInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sleepUntilTerminated(Duration duration) throws InterruptedException {
        wakeServices.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Duration backoff(long failures) {
        long millis = Math.min(5_000, 50L << Math.min(10, failures));
        return Duration.ofMillis(millis);
    }

    // ---- stopping ----

    /**
     * Graceful stop: claims nothing more; running jobs finish and their outcomes are written; jobs claimed
     * but not started are released at once (available again, the attempt not counted). Returns at once.
     */
    public void stop() {
        if (state.compareAndSet(RUNNING, STOPPING)) {
            pool.stop("worker " + id + " stopping");
            requestJobStops();
            wake.signal();
        }
    }

    /** Carries the pool's stop to the running jobs' own tokens. */
    private void requestJobStops() {
        if (pool.stopToken().isStopRequested()) {
            String reason = pool.stopToken().reason();
            running.values().forEach(r -> r.token.requestStop(reason));
        }
    }

    /** Waits until the worker has stopped and written every outcome. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the worker has stopped and written every outcome. */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** Stops gracefully and waits. */
    @Override
    public void close() {
        stop();
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopForExit() {
        stop();
        try {
            if (!terminated.await(30, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "worker " + id + " did not stop within 30 s of the JVM's exit; "
                        + running.size() + " jobs in hand will be rescued when their leases expire");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stop's sequence, run by the claimer thread when its loop ends. */
    private void finishStop() {
        state.compareAndSet(RUNNING, STOPPING);
        pool.stop("worker " + id + " stopping");
        requestJobStops();
        try {
            pool.awaitTermination();
            // Every outcome has been handed to the completer once inPool is 0.
            while (inPool.get() > 0) {
                wake.await(Duration.ofMillis(10));
            }
            completer.finish();
            for (Thread service : services) {
                if (service.getName().equals("spool-pg-completer")) {
                    service.join();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state.set(TERMINATED);
            wakeServices.countDown();
            for (Thread service : services) {
                service.interrupt();
            }
            // The listener leaves its loop within a quarter second; the others at once. Joined, so that
            // their connections are closed when termination is reported.
            for (Thread service : services) {
                try {
                    service.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            terminated.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exiting) {
                // the hook is running: nothing to remove
            }
        }
    }

    @Override
    public String toString() {
        return "PgWorker[" + id + ", queues " + queues + ", in hand " + running.size() + ", state "
                + switch (state.get()) {
                    case RUNNING -> "running";
                    case STOPPING -> "stopping";
                    case TERMINATED -> "terminated";
                    default -> throw new IllegalStateException("unknown state " + state.get());
                } + "]";
    }
}
