package dev.spool.cli.pg;

import dev.spool.cli.ExitCodes;
import dev.spool.cli.run.LinePrefixingOutputStream;
import dev.spool.postgres.JobInfo;
import dev.spool.postgres.JobState;
import dev.spool.postgres.PgQueue;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spool --queue NAME --wait}: waits until every enqueued job has finished, printing each one's output
 * as a local run prints it (its stdout, then its stderr, whole, with {@code --tag} prefixes; in input order
 * with {@code -k}, else as the jobs finish), and returns a local run's exit code: 0, or the number of jobs
 * that did not succeed (discarded after their last attempt, or cancelled), 101 for more than 100.
 *
 * <p>Polls the table for finished jobs among those still awaited, every {@link #POLL_MILLIS} ms. Used by
 * one thread.
 */
final class QueueWait {

    private static final long POLL_MILLIS = 200;
    /** Ids asked about per statement. */
    private static final int CHUNK = 10_000;

    private final PgQueue queue;
    /** The jobs' ids, in input order (ascending: one producer's ids are drawn in order). */
    private final long[] ids;
    private final List<QueuedCommand> commands;
    private final boolean keepOrder;
    private final boolean tag;
    private final boolean verbose;
    private final OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    private final OutputStream stderr = new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 16);

    QueueWait(PgQueue queue, long[] ids, List<QueuedCommand> commands, boolean keepOrder, boolean tag,
              boolean verbose) {
        this.queue = queue;
        this.ids = ids;
        this.commands = commands;
        this.keepOrder = keepOrder;
        this.tag = tag;
        this.verbose = verbose;
    }

    int await() throws SQLException, IOException, InterruptedException {
        Map<Long, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            indexOf.put(ids[i], i);
        }
        JobInfo[] finished = new JobInfo[ids.length]; // held until printed (with -k, until its turn)
        boolean[] done = new boolean[ids.length];
        long[] awaited = ids.clone();
        int nextInOrder = 0;
        long failed = 0;
        while (awaited.length > 0) {
            List<Integer> newly = new java.util.ArrayList<>();
            for (int from = 0; from < awaited.length; from += CHUNK) {
                long[] chunk = Arrays.copyOfRange(awaited, from, Math.min(awaited.length, from + CHUNK));
                for (JobInfo job : queue.finishedJobs(chunk)) {
                    int index = indexOf.get(job.id());
                    if (!done[index]) {
                        done[index] = true;
                        finished[index] = job;
                        newly.add(index);
                        if (job.state() != JobState.SUCCEEDED) {
                            failed++;
                        }
                    }
                }
            }
            if (keepOrder) {
                while (nextInOrder < ids.length && done[nextInOrder]) {
                    print(nextInOrder, finished[nextInOrder]);
                    finished[nextInOrder++] = null;
                }
            } else {
                for (int index : newly) {
                    print(index, finished[index]);
                    finished[index] = null;
                }
            }
            if (!newly.isEmpty()) {
                awaited = Arrays.stream(awaited).filter(id -> !done[indexOf.get(id)]).toArray();
            }
            if (awaited.length > 0) {
                Thread.sleep(POLL_MILLIS);
            }
        }
        return ExitCodes.forFailures(failed);
    }

    private void print(int index, JobInfo job) throws IOException {
        QueuedCommand command = commands.get(index);
        CommandResult result = null;
        if (job.result() != null) {
            try {
                result = CommandResult.decode(job.result());
            } catch (IOException e) {
                note("job " + command.seq() + " (id " + job.id() + ") has a result spool cannot read: " + e.getMessage());
            }
        }
        if (verbose) {
            stdout.write((command.display() + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        if (result != null) {
            String prefix = tag ? command.tag() + "\t" : null;
            LinePrefixingOutputStream.writeTagged(result.stdout(), stdout, prefix);
            stdout.flush();
            LinePrefixingOutputStream.writeTagged(result.stderr(), stderr, prefix);
            stderr.flush();
            if (result.stdoutSize() > result.stdout().length || result.stderrSize() > result.stderr().length) {
                note("job " + command.seq() + " (id " + job.id() + "): only the last "
                        + CommandJobTask.KEPT_OUTPUT + " bytes of each output stream were kept");
            }
        }
        switch (job.state()) {
            case SUCCEEDED -> { }
            case CANCELLED -> note("job " + command.seq() + " (id " + job.id() + ") was cancelled");
            default -> {
                if (result == null) {
                    note("job " + command.seq() + " (id " + job.id() + ") was discarded after " + job.attempt()
                            + " attempts: " + job.outcome());
                }
            }
        }
    }

    private void note(String line) throws IOException {
        stdout.flush();
        stderr.write(("spool: " + line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        stderr.flush();
    }
}
