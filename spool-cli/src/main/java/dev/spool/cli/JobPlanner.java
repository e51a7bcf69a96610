package dev.spool.cli;

import dev.spool.cli.job.ArgsPerJob;
import dev.spool.cli.job.ColumnSplitter;
import dev.spool.cli.job.FileTemplates;
import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.InputSource;
import dev.spool.cli.job.JobArgs;
import dev.spool.cli.job.JobInputs;
import dev.spool.cli.job.LineLimit;
import dev.spool.cli.job.PerlCoprocess;
import dev.spool.cli.job.RecordDelimiter;
import dev.spool.cli.job.ReplacementKind;
import dev.spool.cli.job.ReplacementStrings;
import dev.spool.cli.job.JobShell;
import dev.spool.cli.remote.Hostgroups;
import dev.spool.cli.run.ResultsTarget;
import dev.spool.cli.job.TrimMode;
import dev.spool.cli.run.JobLog;
import dev.spool.cli.run.PlannedJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Turns the parsed command line into a lazy sequence of planned jobs. */
final class JobPlanner {

    private JobPlanner() {}

    /** Which jobs a joblog lets through: all, those not logged, those not logged as succeeded, or its failures. */
    sealed interface ResumeFilter {
        ResumeFilter NONE = new Keep(Map.of(), false);

        static ResumeFilter resume(Map<Long, JobLog.Entry> logged) {
            return new Keep(logged, false);
        }

        static ResumeFilter resumeFailed(Map<Long, JobLog.Entry> logged) {
            return new Keep(logged, true);
        }

        static ResumeFilter retryFailed(Map<Long, JobLog.Entry> logged) {
            return new RetryFailed(logged);
        }

        /** Runs a job unless the log has it (or has it succeeded, with {@code rerunFailed}). */
        record Keep(Map<Long, JobLog.Entry> logged, boolean rerunFailed) implements ResumeFilter {
            boolean runs(long seq) {
                JobLog.Entry entry = logged.get(seq);
                return entry == null || rerunFailed && !entry.succeeded();
            }
        }

        /** Reruns the failed lines of the log with their logged commands. */
        record RetryFailed(Map<Long, JobLog.Entry> logged) implements ResumeFilter {}
    }

    /**
     * The run's jobs; Perl replacement strings are evaluated by {@code perl}, which the caller closes after
     * the run. {@code slots} is {@code -j} resolved: {@code -m} and {@code -X} spread a short input over them.
     */
    static Iterator<PlannedJob> plan(RunOptions options, ResumeFilter filter, PerlCoprocess perl, int slots) {
        JobShell shell = JobShell.of(System.getenv());
        if (filter instanceof ResumeFilter.RetryFailed(Map<Long, JobLog.Entry> logged)) {
            return logged.values().stream().filter(e -> !e.succeeded())
                    .map(e -> new PlannedJob(e.seq(), null, null, null, e.command(), shell.path(), null)).iterator();
        }
        List<String> positionals = options.commandAndSources;
        int i = 0;
        List<String> words = new ArrayList<>();
        while (i < positionals.size() && !isSeparator(positionals.get(i))) {
            words.add(positionals.get(i++));
        }
        List<InputSource> sources = new ArrayList<>();
        for (String file : options.argFiles) {
            sources.add(file(file, false));
        }
        while (i < positionals.size()) {
            String separator = positionals.get(i++);
            boolean linked = separator.endsWith("+");
            List<String> group = new ArrayList<>();
            while (i < positionals.size() && !isSeparator(positionals.get(i))) {
                group.add(positionals.get(i++));
            }
            if (separator.startsWith("::::")) {
                if (group.isEmpty()) {
                    throw new UsageException(separator + " needs at least one file name after it");
                }
                for (String file : group) {
                    sources.add(file(file, linked));
                }
            } else {
                sources.add(new InputSource.Values(group, linked));
            }
        }
        if (options.maxArgs != null && options.exactArgs != null) {
            throw new UsageException("-n and -N cannot be used together");
        }
        ArgsPerJob perJob = argsPerJob(options);
        ReplacementStrings names = replacementStrings(options).withCoprocess(perl);
        if (options.skipFirstLine) { // --shebang: the script's first line is not input
            if (sources.isEmpty()) {
                sources.add(new InputSource.Stdin(false));
            }
            sources.set(0, new InputSource.Headed(sources.getFirst()));
        }
        if (options.eof != null) { // -E: each source ends at a record equal to it
            if (sources.isEmpty()) {
                sources.add(new InputSource.Stdin(false));
            }
            sources.replaceAll(source -> new InputSource.EndsAt(source, options.eof));
        }
        RecordDelimiter delimiter = options.nul ? RecordDelimiter.NUL
                : options.delimiter != null ? RecordDelimiter.parse(options.delimiter) : RecordDelimiter.NEWLINE;
        String colsep = options.colsep;
        String tagString = options.tagString;
        List<String> headerColumns = List.of();
        if (options.header != null) {
            // GNU parallel: the first record of each source names its columns, split at --colsep (a tab by
            // default); {name} is then the column's {n}
            colsep = colsep != null ? colsep : "\t";
            if (sources.isEmpty()) {
                sources.add(new InputSource.Stdin(false));
            }
            List<String> columns = headers(sources, delimiter, ColumnSplitter.compile(colsep));
            words = named(words, columns);
            headerColumns = columns;
            options.headerColumns = columns; // --results DIR names its directories by them
            tagString = tagString == null ? null : named(List.of(tagString), columns).getFirst();
        }
        JobInputs.Builder inputs = JobInputs.builder().sources(sources).link(options.link).argsPerJob(perJob)
                .delimiter(delimiter).skipBlank(options.noRunIfEmpty);
        if (colsep != null) {
            inputs.columnSeparator(ColumnSplitter.compile(colsep));
        }
        if (options.trim != null) {
            inputs.trim(TrimMode.parse(options.trim));
        } else if (options.colsep != null) {
            inputs.trim(TrimMode.BOTH); // GNU parallel: --colsep implies --trim rl
        }
        // --tee: the jobs read stdin, and no value is appended (as with --pipe)
        CommandTemplate template = CommandTemplate.parse(words, names, perJob, shell, !options.tee, options.quote);
        inputs.lineLimit(lineLimit(options, slots), template.lineLength());
        CommandTemplate tagTemplate = tagString == null ? null
                : CommandTemplate.parse(List.of(tagString), names, perJob, JobShell.SH, false);
        CommandTemplate resultsTemplate = options.results == null || ResultsTarget.isTable(options.results)
                || !CommandTemplate.hasReplacementString(options.results, names) ? null
                : CommandTemplate.parse(List.of(options.results), names, perJob);
        List<String> columns = headerColumns;
        FileTemplates files = FileTemplates.of(options.templates, options.cleanup, names, perJob,
                text -> named(List.of(text), columns).getFirst());
        Iterator<JobArgs> args = inputs.build().open(System.in);
        if (template.needsTotalJobs() || tagTemplate != null && tagTemplate.needsTotalJobs()
                || resultsTemplate != null && resultsTemplate.needsTotalJobs()) {
            // total_jobs(): GNU parallel reads all its input first, and so does this
            List<JobArgs> all = new ArrayList<>();
            args.forEachRemaining(all::add);
            long total = all.size();
            perl.totalJobs(() -> total);
            args = all.iterator();
        }
        Iterator<JobArgs> jobArgs = args;
        boolean perlOrder = template.usesPerl() || tagTemplate != null && tagTemplate.usesPerl()
                || resultsTemplate != null && resultsTemplate.usesPerl();
        ResumeFilter.Keep keep = (ResumeFilter.Keep) filter;
        boolean hostgroups = options.hostgroups;
        return new Iterator<>() {
            private PlannedJob next;

            @Override
            public boolean hasNext() {
                while (next == null && jobArgs.hasNext()) {
                    JobArgs job = jobArgs.next();
                    if (keep.runs(job.seq())) {
                        if (perlOrder) {
                            perl.planned(job.seq());
                        }
                        java.util.Set<String> groups = null;
                        if (hostgroups) { // VALUE@grp: run VALUE on the computers of grp
                            groups = Hostgroups.ofJob(job);
                            job = Hostgroups.stripped(job);
                        }
                        next = new PlannedJob(job.seq(), job, template, tagTemplate, null, null, resultsTemplate,
                                null, files, groups);
                    }
                }
                return next != null;
            }

            @Override
            public PlannedJob next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PlannedJob job = next;
                next = null;
                return job;
            }
        };
    }

    /**
     * Whether reading the planned jobs ahead never waits: every input is a value on the command line or a
     * regular file (not stdin, a pipe or a terminal), or the jobs come from a joblog.
     */
    /** The replacement strings as the options spell them ({@code -I}, {@code --plus}, {@code --rpl}). */
    static ReplacementStrings replacementStrings(RunOptions options) {
        ReplacementStrings names = ReplacementStrings.DEFAULT;
        if (options.replace != null) {
            names = names.rename(ReplacementKind.VALUE, options.replace, "-I");
        }
        String[][] renames = {
            {options.extensionReplace, "--extensionreplace"}, {options.basenameReplace, "--basenamereplace"},
            {options.dirnameReplace, "--dirnamereplace"}, {options.basenameExtensionReplace, "--basenameextensionreplace"},
            {options.seqReplace, "--seqreplace"}, {options.slotReplace, "--slotreplace"}};
        ReplacementKind[] kinds = {ReplacementKind.NO_EXTENSION, ReplacementKind.BASENAME, ReplacementKind.DIRNAME,
            ReplacementKind.BASENAME_NO_EXTENSION, ReplacementKind.SEQ, ReplacementKind.SLOT};
        for (int i = 0; i < kinds.length; i++) {
            if (renames[i][0] != null) {
                names = names.rename(kinds[i], renames[i][0], renames[i][1]);
            }
        }
        if (options.plus) {
            names = names.withPlus();
        }
        if (options.parens != null) {
            names = names.withParens(options.parens);
        }
        for (String rpl : options.rpls) {
            names = names.withRpl(rpl);
        }
        return names;
    }

    static boolean inputsAtHand(RunOptions options, ResumeFilter filter) {
        if (filter instanceof ResumeFilter.RetryFailed) {
            return true;
        }
        List<String> positionals = options.commandAndSources;
        boolean anySource = !options.argFiles.isEmpty();
        boolean filesNext = false;
        for (String file : options.argFiles) {
            if (!isRegularFile(file)) {
                return false;
            }
        }
        int i = 0;
        while (i < positionals.size() && !isSeparator(positionals.get(i))) {
            i++;
        }
        for (; i < positionals.size(); i++) {
            String word = positionals.get(i);
            if (isSeparator(word)) {
                anySource = true;
                filesNext = word.startsWith("::::");
            } else if (filesNext && !isRegularFile(word)) {
                return false;
            }
        }
        return anySource; // no source at all: the values come from stdin
    }

    private static boolean isRegularFile(String name) {
        return !name.equals("-") && java.nio.file.Files.isRegularFile(Path.of(RawArgs.toPlatform(name)));
    }

    /** {@code -n N} or {@code -N N}; 0 (as in GNU parallel) runs a job per record without inserting it. */
    /** Reads the header of each source (each becomes a {@link InputSource.Headed}); their columns in order. */
    private static List<String> headers(List<InputSource> sources, RecordDelimiter delimiter, ColumnSplitter split) {
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < sources.size(); k++) {
            var headed = new InputSource.Headed(sources.get(k));
            sources.set(k, headed);
            String header = headed.readHeader(delimiter, System.in);
            if (header != null) {
                columns.addAll(split.split(header));
            }
        }
        return columns;
    }

    /** The words with each {@code {column name}} (and its {@code . / // /.} forms) as {@code {n}}. */
    private static List<String> named(List<String> words, List<String> columns) {
        List<String> out = new ArrayList<>(words.size());
        for (String word : words) {
            String w = word;
            for (int n = columns.size(); n >= 1; n--) { // {10} before {1}: a longer number is never cut
                String name = columns.get(n - 1);
                if (name.isEmpty()) {
                    continue;
                }
                for (String form : new String[] {"", ".", "/", "//", "/."}) {
                    w = w.replace("{" + name + form + "}", "{" + n + form + "}");
                }
                // {=name perl =}: the Perl expression on that column, as {=n perl =}
                w = w.replaceAll("\\{=" + java.util.regex.Pattern.quote(name) + "(?=\\s)", "{=" + n);
            }
            out.add(w);
        }
        return out;
    }

    /**
     * How many input values a job takes: -N, -n, as many as fit (-m, -X, --xargs; with -n, at most that
     * many), or one. -N and -X switch on context replace.
     */
    static ArgsPerJob argsPerJob(RunOptions options) {
        boolean fill = options.multipleArgs || options.multipleArgsContext || options.xargs;
        return options.exactArgs != null ? perJob("-N", options.exactArgs, true)
                : options.maxArgs != null ? perJob("-n", options.maxArgs, options.multipleArgsContext)
                : fill ? ArgsPerJob.asManyAsFit(options.multipleArgsContext) : ArgsPerJob.ONE;
    }

    private static ArgsPerJob perJob(String option, int n, boolean contextReplace) {
        if (n < 0) {
            throw new UsageException(option + ": '" + n + "' must be 0 or more");
        }
        return new ArgsPerJob(n, contextReplace);
    }

    /**
     * GNU parallel's limit on a command line's length: -s, or its default, which is also the most (a
     * larger -s is warned about and not used, as GNU parallel does); -m and -X spread the last line over
     * the job slots, --xargs and -n do not.
     */
    static LineLimit lineLimit(RunOptions options, int slots) {
        int maxChars = LineLimit.GNU_DEFAULT_MAX_CHARS;
        if (options.maxChars != null) {
            if (options.maxChars <= maxChars) {
                maxChars = options.maxChars;
            } else {
                System.err.println("spool: Warning: Value for option -s should be < " + maxChars + ".");
            }
        }
        return new LineLimit(maxChars, options.multipleArgs || options.multipleArgsContext ? slots : 0);
    }

    private static InputSource file(String name, boolean linked) {
        return name.equals("-") ? new InputSource.Stdin(linked)
                : new InputSource.FileSource(Path.of(RawArgs.toPlatform(name)), linked, name);
    }

    private static boolean isSeparator(String s) {
        return s.equals(":::") || s.equals(":::+") || s.equals("::::") || s.equals("::::+");
    }
}
