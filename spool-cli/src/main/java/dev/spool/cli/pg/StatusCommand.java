package dev.spool.cli.pg;

import dev.spool.cli.ExitCodes;
import dev.spool.postgres.FailedJob;
import dev.spool.postgres.JobState;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import dev.spool.cli.UsageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spool status}: jobs per state, the last minute's throughput and the latest failures. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows a PostgreSQL queue: jobs per state, throughput, the latest failures.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    PgOptions db;

    @Option(names = "--queue", paramLabel = "NAME", description = "Only this queue (default: every queue).")
    String queue;

    @Option(names = "--failures", paramLabel = "N", defaultValue = "5",
            description = "How many of the latest failures to show (default: ${DEFAULT-VALUE}).")
    int failures;

    @Option(names = {"--joblog", "--jl"}, paramLabel = "FILE",
            description = "Write the queue's finished command-line jobs to FILE in GNU parallel's joblog format"
                    + " (needs --queue).")
    Path joblog;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PgSettings settings = db.settings();
        if (joblog != null && queue == null) {
            throw new UsageException("--joblog needs --queue NAME");
        }
        if (queue != null) {
            QueueNames.check(queue);
        }
        try (PgQueue pgQueue = PgQueue.open(settings.maxConnections(2))) {
            PrintWriter out = spec.commandLine().getOut();
            out.println((queue == null ? "every queue" : "queue " + queue) + " in schema " + settings.schema()
                    + " at " + settings.redactedUrl());
            Map<JobState, Long> counts = pgQueue.counts(queue);
            for (var entry : counts.entrySet()) {
                out.printf("  %-10s %10d%n", entry.getKey().name().toLowerCase(java.util.Locale.ROOT), entry.getValue());
            }
            long lastMinute = pgQueue.finishedWithin(queue, Duration.ofMinutes(1));
            out.printf("throughput: %d jobs finished in the last minute (%.1f/s)%n", lastMinute, lastMinute / 60.0);
            var latest = pgQueue.latestFailures(queue, failures);
            out.println(latest.isEmpty() ? "no failures" : "latest failures:");
            for (FailedJob failed : latest) {
                String error = failed.lastError() == null ? "" : failed.lastError().lines().findFirst().orElse("");
                out.printf("  job %d (%s/%s) discarded after %d attempts at %s: %s%n", failed.id(), failed.queue(),
                        failed.task(), failed.attempt(), failed.finishedAt(), error);
            }
            if (counts.values().stream().mapToLong(Long::longValue).sum() == 0 && queue != null) {
                out.println("queue " + queue + " has no jobs");
            }
            if (joblog != null) {
                long lines = JoblogExport.write(pgQueue, queue, joblog);
                out.println("joblog: " + lines + " jobs written to " + joblog);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
