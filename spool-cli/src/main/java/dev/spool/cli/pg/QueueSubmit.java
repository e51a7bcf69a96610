package dev.spool.cli.pg;

import dev.spool.cli.ExitCodes;
import dev.spool.cli.UsageException;
import dev.spool.cli.job.JobCommand;
import dev.spool.cli.run.HaltPolicy;
import dev.spool.cli.run.PlannedJob;
import dev.spool.cli.run.RunSettings;
import dev.spool.postgres.NewJob;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code spool --queue NAME ...}: plans the jobs exactly as a local run does (the same inputs, templates,
 * replacement strings and quoting), and puts each job's expanded command in the queue instead of running
 * it, in bulk. With {@code --wait} it then waits for the jobs and prints their output ({@link QueueWait}).
 */
public final class QueueSubmit {

    /**
     * Attempts a job has in the table beyond its {@code --retries}, for attempts lost with their worker
     * (killed, machine lost): such an attempt is rescued and run again, while a failure of the command
     * itself is final once the command has had its {@code --retries} attempts (the worker's task counts
     * them). So a worker's death alone never discards a job, and a job that kills every worker it runs on
     * is discarded after {@code --retries} + this many attempts.
     */
    static final int LOST_ATTEMPTS = 2;

    /** Jobs per INSERT: the rows travel as arrays in one statement. */
    private static final int BATCH = 5_000;

    private QueueSubmit() {}

    /**
     * Enqueues every job of {@code jobs} and returns the exit code: 0, or with {@code --wait} that of a
     * local run.
     *
     * @throws UsageException if an option of the run cannot apply to queued jobs, naming it
     */
    public static int run(QueueRunOptions options, Iterator<PlannedJob> jobs, RunSettings settings)
            throws SQLException, IOException, InterruptedException {
        requireApplicable(settings);
        PgSettings pg = options.db.settings();
        String termseq = settings.termSequence().toString();
        long timeoutMillis = settings.timeout() == null ? 0 : settings.timeout().fixed().toMillis();
        List<Long> ids = new ArrayList<>();
        List<QueuedCommand> commands = new ArrayList<>();
        try (PgQueue queue = PgQueue.open(pg.maxConnections(2))) {
            List<NewJob> batch = new ArrayList<>(BATCH);
            List<QueuedCommand> pending = new ArrayList<>(BATCH);
            while (jobs.hasNext()) {
                PlannedJob job = jobs.next();
                QueuedCommand command = queued(job, settings.retries(), timeoutMillis, termseq);
                batch.add(NewJob.of(options.queue, QueuedCommand.TASK).payload(command.encode())
                        .maxAttempts(settings.retries() + LOST_ATTEMPTS));
                pending.add(command);
                if (batch.size() == BATCH || !jobs.hasNext()) {
                    for (long id : queue.enqueueAll(batch)) {
                        ids.add(id);
                    }
                    if (options.waitForJobs) {
                        commands.addAll(pending);
                    }
                    batch.clear();
                    pending.clear();
                }
            }
            if (!options.waitForJobs) {
                System.err.println("spool: " + ids.size() + " jobs enqueued on queue " + options.queue
                        + " in schema " + pg.schema() + " at " + pg.redactedUrl());
                return ExitCodes.OK;
            }
            long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
            return new QueueWait(queue, idArray, commands, settings.keepOrder(), settings.tag(), settings.verbose())
                    .await();
        }
    }

    /**
     * The job as the queue holds it: its command rendered now, once. A worker knows its own job slot only
     * when it runs the job, so a command whose text depends on the slot ({@code {%}}) cannot be queued.
     */
    private static QueuedCommand queued(PlannedJob job, int attempts, long timeoutMillis, String termseq) {
        JobCommand command = job.command(1);
        if (!command.display().equals(job.command(2).display())) {
            throw new UsageException("--queue: job " + job.seq() + " uses the job slot ({%}), which is not known"
                    + " until a worker runs it; use $PARALLEL_JOBSLOT in the command instead");
        }
        String tag = job.tag(1);
        return new QueuedCommand(job.seq(), command.argv(), command.viaShell(), command.display(),
                tag == null ? "" : tag, timeoutMillis, termseq, attempts);
    }

    /** Refuses the options of a local run that do not apply to queued jobs, naming them and why. */
    private static void requireApplicable(RunSettings settings) {
        List<String> refused = new ArrayList<>();
        if (settings.joblog() != null) {
            refused.add("--joblog (export one from the table: spool status --queue NAME --joblog FILE)");
        }
        if (settings.results() != null) {
            refused.add("--results");
        }
        if (settings.output() != RunSettings.OutputMode.GROUP) {
            refused.add("-u and --line-buffer (workers capture each job's output whole)");
        }
        if (!settings.delay().isZero()) {
            refused.add("--delay");
        }
        if (!settings.halt().equals(HaltPolicy.NEVER)) {
            refused.add("--halt (give it to spool worker)");
        }
        if (settings.timeout() != null && settings.timeout().fixed() == null) {
            refused.add("--timeout N% (give a time)");
        }
        if (settings.trace()) {
            refused.add("-t/--verbose");
        }
        if (settings.progress()) {
            refused.add("--bar/--progress");
        }
        if (!refused.isEmpty()) {
            throw new UsageException("--queue: these options do not apply to queued jobs: "
                    + String.join("; ", refused));
        }
    }
}
