package dev.spool.cli.pg;

import dev.spool.cli.run.JobLog;
import dev.spool.postgres.JobInfo;
import dev.spool.postgres.PgQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a GNU parallel joblog ({@value JobLog#HEADER}) of a queue's finished command-line jobs, from the
 * table: one line per job that ran, in the order of their ids, with its last attempt's host, start time,
 * runtime, stdout size (Receive), exit value and signal, and its command. Seq is the job's position in its
 * input, as in a local run's joblog.
 */
final class JoblogExport {

    private static final int PAGE = 1_000;

    private JoblogExport() {}

    /** Writes the joblog of {@code queueName} to {@code file} and returns the number of lines (jobs). */
    static long write(PgQueue queue, String queueName, Path file) throws SQLException, IOException {
        long lines = 0;
        try (JobLog log = JobLog.open(file, false)) {
            long after = 0;
            while (true) {
                List<JobInfo> page = queue.jobs(queueName, after, PAGE);
                for (JobInfo job : page) {
                    after = job.id();
                    if (!job.task().equals(QueuedCommand.TASK) || !job.state().isFinished() || job.result() == null) {
                        continue;
                    }
                    QueuedCommand command;
                    CommandResult result;
                    try {
                        command = QueuedCommand.decode(job.payload());
                        result = CommandResult.decode(job.result());
                    } catch (IOException e) {
                        continue; // not a job spool made
                    }
                    log.write(command.seq(), result.host(), result.startEpochSeconds(), result.runtimeSeconds(), result.stdoutSize(),
                            result.exitValue(), result.signal(), command.display());
                    lines++;
                }
                if (page.size() < PAGE) {
                    return lines;
                }
            }
        }
    }
}
