package dev.spool.cli.pg;

import dev.spool.cli.UsageException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code spool run} that send its jobs to a PostgreSQL queue instead of running them:
 * {@code --queue NAME} (with {@code --db URL}, {@code --db-settings FILE}, {@code --schema NAME}) and
 * {@code --wait}. Kept out of {@code RunOptions}, so a local run's fast parser never sees them: a command
 * line with any of them goes through picocli.
 */
public final class QueueRunOptions {

    @Mixin
    PgOptions db = new PgOptions();

    @Option(names = "--queue", paramLabel = "NAME",
            description = "Put the jobs in the PostgreSQL queue NAME instead of running them; spool worker runs them.")
    String queue;

    @Option(names = "--wait",
            description = "With --queue: wait until every job has finished, print their output (in input order"
                    + " with -k) and exit as a local run would.")
    boolean waitForJobs;

    /** Whether {@code --wait} was given without {@code --queue}: {@code sem --wait}. */
    public boolean semaphoreWait() {
        return waitForJobs && queue == null;
    }

    /** Whether the jobs go to a queue; refuses queue options without {@code --queue}. */
    public boolean active() {
        if (queue == null) {
            if (waitForJobs || db.url != null || db.settingsFile != null || db.schema != null) {
                throw new UsageException("--wait, --db, --db-settings and --schema need --queue NAME");
            }
            return false;
        }
        QueueNames.check(queue);
        return true;
    }
}
