package dev.spool.postgres;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a worker's completions in batches: whatever accumulated while the previous batch was written goes
 * in the next statement, so one completion at idle is written at once and ten thousand under load take a
 * handful of statements. A failed write is retried with backoff (the leases are still being extended); the
 * job leaves the worker's hands only once its completion is written or refused.
 */
final class Completer {

    private static final System.Logger LOG = System.getLogger(Completer.class.getName());
    private static final int BATCH = 1000;
    /** Write failures in a row after which a finishing completer gives up (the leases then expire). */
    private static final int GIVE_UP_WHEN_FINISHING = 40;

    /** A completion and the claim it ends. */
    private record Entry(ClaimedJob job, Completion completion) {}

    /** Told of each completion once written (true) or refused by the fence (false). */
    interface Recorded {
        void recorded(Completion completion, boolean applied);
    }

    private final PgQueue queue;
    private final Map<ClaimedJob, PgWorker.Running> running;
    private final Recorded recorded;
    /** Told after each batch written: its jobs have left the worker's hands. */
    private final Runnable afterBatch;
    private final LinkedBlockingQueue<Entry> pending = new LinkedBlockingQueue<>();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean finishing;

    Completer(PgQueue queue, Map<ClaimedJob, PgWorker.Running> running, Recorded recorded, Runnable afterBatch) {
        this.queue = queue;
        this.running = running;
        this.recorded = recorded;
        this.afterBatch = afterBatch;
    }

    void add(ClaimedJob job, Completion completion) {
        pending.add(new Entry(job, completion));
    }

    /** Writes what is pending, then ends {@link #run}. */
    void finish() {
        finishing = true;
    }

    long refused() {
        return refused.get();
    }

    void run() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (true) {
            Entry first;
            try {
                first = pending.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = pending.poll(); // stopping: write what is left once more below
                if (first == null) {
                    return;
                }
            }
            if (first == null) {
                if (finishing && pending.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            pending.drainTo(batch, BATCH - 1);
            write(batch);
        }
    }

    /**
     * Writes {@code completions}; returns the attempts applied (by attempt, not only by id: one batch can
     * hold a job's rescued attempt and its next one). After a failed try ({@code retry}), an earlier
     * try may have committed and lost only its reply: the fence then refuses the rows it already wrote, so
     * those refused are checked against what the table holds.
     */
    Set<JobAttempt> written(List<Completion> completions, boolean retry) throws SQLException {
        Set<JobAttempt> applied = queue.completeAttempts(completions);
        if (retry && applied.size() < completions.size()) {
            List<Completion> refused = completions.stream()
                    .filter(c -> !applied.contains(JobAttempt.of(c)) && !"released".equals(c.state())).toList();
            applied.addAll(queue.confirm(refused));
        }
        return applied;
    }

    private void write(List<Entry> batch) {
        List<Completion> completions = batch.stream().map(Entry::completion).toList();
        Set<JobAttempt> applied = null;
        for (int failures = 1; applied == null; failures++) {
            try {
                applied = written(completions, failures > 1);
            } catch (SQLException e) {
                if (failures == 1 || failures % 20 == 0) {
                    LOG.log(Level.WARNING, "cannot write " + batch.size() + " job outcomes (" + failures
                            + " failures in a row), retrying: " + e.getMessage());
                }
                if (finishing && failures >= GIVE_UP_WHEN_FINISHING) {
                    LOG.log(Level.ERROR, "giving up on " + batch.size() + " job outcomes at stop: their jobs"
                            + " will be rescued when their leases expire and run again");
                    batch.forEach(entry -> running.remove(entry.job()));
                    afterBatch.run();
                    return;
                }
                try {
                    Thread.sleep(Duration.ofMillis(Math.min(1_000, 20L << Math.min(6, failures))));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    finishing = true;
                }
            }
        }
        for (Entry entry : batch) {
            running.remove(entry.job());
            boolean ok = applied.contains(JobAttempt.of(entry.completion()));
            if (!ok) {
                refused.incrementAndGet();
            }
            recorded.recorded(entry.completion(), ok);
        }
        afterBatch.run();
    }
}
