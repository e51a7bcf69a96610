package dev.spool.cli.run;

import dev.spool.cli.ExitCodes;
import java.io.IOException;
import java.util.Iterator;

/**
 * {@code --dry-run}: prints each job's command line, in input order, instead of running it. It needs no job
 * slots, so it allocates nothing per slot and any {@code -j} costs the same; {@code {%}} still counts the
 * slots round-robin, as the jobs would get them one at a time.
 */
public final class DryRun {

    private DryRun() {}

    /**
     * Prints every job's command on stdout, one per line.
     *
     * @param jobs  the planned jobs, read lazily
     * @param slots the number of job slots ({@code -j}), for {@code {%}}
     * @return the exit code, {@link ExitCodes#OK}
     */
    public static int print(Iterator<PlannedJob> jobs, int slots) throws IOException {
        OutputPrinter printer = new OutputPrinter(false);
        try {
            while (jobs.hasNext()) {
                PlannedJob job = jobs.next();
                printer.line(job.command((int) ((job.seq() - 1) % slots) + 1).display());
            }
        } finally {
            printer.flush();
        }
        return ExitCodes.OK;
    }
}
