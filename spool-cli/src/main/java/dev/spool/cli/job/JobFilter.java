package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --filter}: a job runs only if every filter is true. As in GNU parallel, each filter is Perl code in
 * which the replacement strings are replaced by the job's values as they are (not quoted: {@code '{1} <
 * {2}+1'} becomes {@code 1 < 2+1}), evaluated by the run's {@code perl}; code that fails is false. A job
 * filtered out ends as {@code skip()} leaves it: not run, in the joblog with exit value -2, counted as failed
 * (GNU parallel's exit status counts it), and still shown by {@code --dry-run}. Thread-safe.
 */
public final class JobFilter {

    private final List<String> sources;
    private final List<CommandTemplate> templates;
    private final PerlCoprocess perl;

    private JobFilter(List<String> sources, List<CommandTemplate> templates, PerlCoprocess perl) {
        this.sources = sources;
        this.templates = templates;
        this.perl = perl;
    }

    /**
     * The filters {@code filters}, their replacement strings spelled as {@code names} spells them.
     *
     * @throws JobSpecException if a filter's replacement strings are malformed
     */
    public static JobFilter of(List<String> filters, ReplacementStrings names, ArgsPerJob perJob, PerlCoprocess perl) {
        List<CommandTemplate> templates = new ArrayList<>(filters.size());
        for (String filter : filters) {
            templates.add(CommandTemplate.parse(List.of(filter), names, perJob, JobShell.SH, false));
        }
        return new JobFilter(List.copyOf(filters), List.copyOf(templates), perl);
    }

    /**
     * Whether the job of {@code args} in {@code slot} passes every filter.
     *
     * @throws JobSpecException if perl cannot start or has ended
     */
    public boolean accepts(JobArgs args, int slot) {
        for (int i = 0; i < templates.size(); i++) {
            if (!perl.test(templates.get(i).renderPlain(args, slot), "--filter '" + sources.get(i) + "'")) {
                return false;
            }
        }
        return true;
    }
}
