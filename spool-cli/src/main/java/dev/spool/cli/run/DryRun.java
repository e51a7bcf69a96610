package dev.spool.cli.run;

import dev.spool.cli.ExitCodes;
import dev.spool.cli.job.ShellQuoting;
import java.io.IOException;
import java.util.Iterator;

/**
 * {@code --dry-run}: prints each job's command line, in input order, instead of running it; so does
 * {@code --shellquote}, with the line quoted as one shell word (once per {@code --shellquote}). It needs no job
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
     * @param trace also print each command on stderr ({@code -t}), as GNU parallel does
     * @param quotes how many times to quote each line ({@code --shellquote}, as GNU parallel's {@code Q})
     * @return the exit code: {@link ExitCodes#OK}, or as GNU parallel, the jobs that a Perl expression's
     *     {@code skip()} left out counted as failed ({@link ExitCodes#forFailures})
     */
    public static int print(Iterator<PlannedJob> jobs, int slots, boolean trace, int quotes) throws IOException {
        return print(jobs, slots, trace, quotes, null);
    }

    /**
     * As {@link #print(Iterator, int, boolean, int)}, with {@code --filter}: the jobs it turns down are shown
     * too and counted as failed, as GNU parallel does.
     */
    public static int print(Iterator<PlannedJob> jobs, int slots, boolean trace, int quotes,
                            dev.spool.cli.job.JobFilter filter) throws IOException {
        OutputPrinter printer = new OutputPrinter(false);
        long skipped = 0;
        try {
            while (jobs.hasNext()) {
                PlannedJob job = jobs.next();
                int slot = (int) ((job.seq() - 1) % slots) + 1;
                var command = job.command(slot);
                String line = command.display(); // skip()'s jobs too, as GNU parallel shows them
                for (int q = 0; q < quotes; q++) {
                    line = ShellQuoting.gnuQuote(line);
                }
                skipped += command.skipped()
                        || filter != null && job.args() != null && !filter.accepts(job.args(), slot) ? 1 : 0;
                printer.line(line);
                if (trace) {
                    printer.flush(); // stdout first, as GNU parallel writes them
                    System.err.println(line);
                }
            }
        } finally {
            printer.flush();
        }
        return ExitCodes.forFailures(skipped);
    }
}
