package dev.spool.cli;

import dev.spool.cli.run.DryRun;
import dev.spool.cli.run.JobLog;
import dev.spool.cli.run.JobRunner;
import dev.spool.cli.run.ParsetOutput;
import dev.spool.cli.run.PlannedJob;
import dev.spool.cli.run.ResultsTarget;
import dev.spool.cli.run.RunSettings;
import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.JobFilter;
import dev.spool.cli.job.PerlCoprocess;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.stop.ShutdownSignals;
import dev.spool.cli.job.IoReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spool run}: the GNU parallel-compatible job runner, also what {@code spool} does by default. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = SpoolVersion.class,
        description = {"Runs a command for every input value, several at once, like GNU parallel.",
                "Input comes from ::: values, :::: files, -a files, or stdin (one value per line).",
                "Exit: 0 all succeeded; 1-100 that many failed; 101 more failed; 255 error or interrupted.",
                "Other commands: spool example [NAME] (library examples), spool help [COMMAND]."},
        sortOptions = false)
public final class RunCommand implements Callable<Integer> {

    @Mixin
    RunOptions options = new RunOptions();

    /** The computers of -S (or --workdir alone), once settings() has planned them; else null. */
    private dev.spool.cli.remote.RemoteHosts remote;

    /** {@code --queue NAME} and its companions: the jobs go to a PostgreSQL queue. The fast path leaves them unset. */
    @Mixin
    dev.spool.cli.pg.QueueRunOptions queue = new dev.spool.cli.pg.QueueRunOptions();

    /**
     * Runs {@code spool run ARGS}: through the fast path when the options are plain, else through picocli
     * (help, version, clusters, errors). Both fill the same {@link RunOptions}.
     */
    static int execute(PrintWriter out, PrintWriter err, String[] commandLine) {
        String[] args;
        try {
            args = GnuParallelProfiles.expand(Shebang.expand(commandLine), System.getenv());
        } catch (UsageException e) {
            err.println(ErrorLine.of("spool: " + e.getMessage()));
            err.flush();
            return ExitCodes.ERROR;
        }
        var fast = FastRunParser.parse(args);
        if (fast.isEmpty()) {
            return commandLine(out, err).execute(args);
        }
        var command = new RunCommand();
        command.options = fast.get();
        try {
            return command.call();
        } catch (Exception e) {
            if (StdoutClosed.is(e)) {
                return ExitCodes.STDOUT_CLOSED;
            }
            String message = describe(e);
            err.println(ErrorLine.of("spool: " + message));
            if (message.startsWith("internal error")) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.ERROR;
        }
    }

    /** The command line for {@code spool run}, with spool's error handling. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        var commandLine = new CommandLine(new RunCommand());
        commandLine.setCommandName("spool"); // `spool --help` says "Usage: spool", not "Usage: run"
        commandLine.setOut(out).setErr(err);
        commandLine.setStopAtPositional(true);
        commandLine.setOverwrittenOptionsAllowed(true); // as in GNU parallel: -vv, and the last -j wins
        commandLine.setExecutionExceptionHandler(RunCommand::handleExecutionException);
        commandLine.setParameterExceptionHandler(RunCommand::handleParameterException);
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        // spool stops on SIGINT/SIGTERM even when started with them ignored (`spool ... &` in a script), as
        // GNU parallel does; the runner registers its stop with these handlers
        ShutdownSignals.installOverridingIgnored();
        if (options.shebangNotFirst) {
            throw new UsageException("--shebang and --shebang-wrap must be the first argument (on a script's #! line)");
        }
        Integer answered = GnuParallelQueries.answer(options);
        if (answered != null) {
            return answered;
        }
        GnuParallelQueries.normalizeSeparators(options);
        if (SemaphoreRun.wanted(options)) {
            return SemaphoreRun.run(options, queue.semaphoreWait());
        }
        if (options.nonall) { // GNU parallel: --onall with no arguments, one job per computer
            options.onall = true;
            options.exactArgs = 0;
            options.commandAndSources.addAll(List.of(":::", ""));
        }
        try {
            if (options.parset != null) {
                ParsetOutput parset;
                try {
                    parset = ParsetOutput.of(options.parset);
                } catch (UsageException e) {
                    System.out.print("\nreturn " + ExitCodes.ERROR); // the function returns the error, as GNU's
                    System.out.flush();
                    throw e;
                }
                return runForParset(parset);
            }
            RunSettings settings = settings();
            try (PerlCoprocess perl = new PerlCoprocess(settings.slots())) { // starts only if a template has Perl
                return run(settings, perl);
            }
        } finally {
            if (remote != null) {
                remote.close(); // --controlmaster's connections, after the last job
            }
        }
    }

    /**
     * {@code --_parset}: the run, its output printed as shell code for GNU's {@code parset} function to
     * {@code eval}, ending with {@code return STATUS} whatever the run's end (an error's status is 255).
     */
    private int runForParset(ParsetOutput parset) throws Exception {
        int status = ExitCodes.ERROR;
        System.out.print(parset.head());
        System.out.flush();
        try {
            RunSettings settings = settings().withResults(new ResultsTarget.ShellVariables(parset));
            try (PerlCoprocess perl = new PerlCoprocess(settings.slots())) {
                status = run(settings, perl);
            }
            if (parset.tooFew()) {
                status = ExitCodes.ERROR; // GNU parallel: "Too few named destination variables", 255
            }
            return status;
        } finally {
            System.out.print(parset.end(status));
            System.out.flush();
        }
    }

    private int run(RunSettings settings, PerlCoprocess perl) throws Exception {
        if (!options.templates.isEmpty() && (PipeJobs.wanted(options) || options.tee || options.onall
                || remote != null || queue.active())) {
            throw new UsageException("--tmpl writes its files for jobs of input values run here: not with --pipe,"
                    + " --pipepart, --tee, -S, --onall or --queue");
        }
        if (!options.filters.isEmpty() && (PipeJobs.wanted(options) || options.tee || options.onall)) {
            throw new UsageException("--filter works on jobs of input values: not with --pipe, --pipepart, --tee"
                    + " or --onall");
        }
        if (options.onall) {
            return OnAll.run(options, settings, remote, perl);
        }
        if (options.tee) {
            return PipeJobs.runTee(options, settings, perl, teeSlotsGiven());
        }
        if (PipeJobs.wanted(options)) {
            try (PipeJobs pipe = PipeJobs.plan(options, settings.slots(), settings.halt().percent() > 0,
                    settings.tmpDir(), perl)) {
                if (settings.dryRun()) {
                    return pipe.exitStatus(DryRun.print(pipe.jobs(), settings.slots(), settings.trace(), 0));
                }
                JobRunner runner = new JobRunner(settings, PosixSpawnLauncher.guarded());
                runner.whenStopping(pipe::stop);
                return pipe.exitStatus(runner.run(pipe.jobs(), pipe.atHand()));
            }
        }
        PipeJobs.checkWithoutPipe(options);
        JobPlanner.ResumeFilter filter = resumeFilter(settings);
        Iterator<PlannedJob> jobs = JobPlanner.plan(options, filter, perl, settings.slots());
        if (options.headerColumns != null && settings.results() instanceof ResultsTarget.Tree tree) {
            settings = settings.withResults(tree.withColumns(options.headerColumns)); // GNU: DIR/f1/A/f2/C
        }
        if (options.shuf) { // GNU parallel: all jobs are generated, then shuffled
            List<PlannedJob> all = new ArrayList<>();
            jobs.forEachRemaining(all::add);
            java.util.Collections.shuffle(all);
            jobs = all.iterator();
        }
        boolean queued = queue.active();
        JobFilter jobFilter = options.filters.isEmpty() ? null : JobFilter.of(options.filters,
                JobPlanner.replacementStrings(options).withCoprocess(perl), JobPlanner.argsPerJob(options), perl);
        if (settings.dryRun() || options.shellQuote != null) {
            return DryRun.print(jobs, settings.slots(), settings.trace(),
                    options.shellQuote == null ? 0 : options.shellQuote.length, jobFilter);
        }
        if (queued && jobFilter != null) {
            throw new UsageException("--filter works on jobs run here: not with --queue");
        }
        if (queued) {
            return dev.spool.cli.pg.QueueSubmit.run(queue, jobs, settings);
        }
        boolean inputsAtHand = JobPlanner.inputsAtHand(options, filter);
        if (remote != null) {
            remote.sendBasefiles();
            try {
                return new JobRunner(settings, PosixSpawnLauncher.guarded()).filter(jobFilter).run(jobs, inputsAtHand);
            } finally {
                remote.removeBasefiles();
            }
        }
        return new JobRunner(settings, PosixSpawnLauncher.guarded()).filter(jobFilter).run(jobs, inputsAtHand);
    }

    /**
     * The run's settings from the options: the typed values as converted, the rest checked here. Plans the
     * remote computers into {@code remote}, which the caller closes.
     */
    RunSettings settings() throws InterruptedException {
        int cpus = GnuParallelQueries.cpusForSlots(options);
        remote = RemotePlanner.wanted(options) ? RemotePlanner.plan(options) : null;
        // GNU parallel: --tty means -j1 -u unless -j or -g says otherwise
        boolean ttyOneJob = options.tty && options.jobs == dev.spool.cli.run.JobSlots.ONE_PER_CPU && remote == null;
        int slots = remote != null ? remote.slots() : ttyOneJob ? 1 : options.jobs.resolve(cpus);
        boolean keepOrder = options.keepOrder && !options.noKeepOrder; // GNU parallel: --nok wins
        RunSettings.OutputMode output = options.ungroup || options.tty && !options.group
                && !options.lineBuffer ? RunSettings.OutputMode.UNGROUP
                : options.lineBuffer && keepOrder ? RunSettings.OutputMode.LINE_BUFFER_IN_ORDER
                : options.lineBuffer ? RunSettings.OutputMode.LINE_BUFFER : RunSettings.OutputMode.GROUP;
        Path joblog = options.joblog == null ? null : options.joblog.file();
        boolean append = options.joblog != null && options.joblog.append();
        boolean resuming = options.resume || options.resumeFailed || options.retryFailed;
        if (resuming && joblog == null) {
            throw new UsageException("--resume, --resume-failed and --retry-failed need --joblog FILE");
        }
        String tmp = options.tmpdir != null ? options.tmpdir : System.getenv().getOrDefault("TMPDIR", "/tmp");
        if (tmp.isEmpty() && options.tmpdir != null) {
            throw new UsageException("--tmpdir: '' is not a directory name");
        }
        if (options.results != null && options.results.isEmpty()) {
            throw new UsageException("--results: '' is not a directory name");
        }
        if (!options.dryRun && options.tmpdir != null) {
            requireWritableDirectory(Path.of(RawArgs.toPlatform(tmp)), "--tmpdir", tmp);
        }
        return RunSettings.builder(options.termseq)
                .slots(slots)
                .keepOrder(keepOrder)
                .output(output)
                .tag(options.tag || options.tagString != null)
                .joblog(joblog, append || resuming)
                .retries(options.retries == null ? 1 : options.retries)
                .timeout(options.timeout)
                .halt(options.halt)
                .delay(remote != null && options.sshDelay != null && options.sshDelay.compareTo(options.delay) > 0
                        ? options.sshDelay : options.delay) // --sshdelay: GNU parallel's pause between ssh starts
                .dryRun(options.dryRun)
                .verbose(options.verbose && !options.silent)
                .trace(options.trace)
                .progress(options.progress)
                .tmpDir(Path.of(RawArgs.toPlatform(tmp)))
                .results(options.results == null ? (options.files ? new ResultsTarget.OutputFiles(
                        Path.of(RawArgs.toPlatform(tmp))) : null) : ResultsTarget.of(options.results,
                        Path.of(RawArgs.toPlatform(options.results)),
                        CommandTemplate.hasReplacementString(options.results, JobPlanner.replacementStrings(options))))
                .placement(dev.spool.cli.run.JobPlacement.niced(options.nice,
                        remote != null ? remote : dev.spool.cli.run.JobPlacement.LOCAL))
                .stdinTty((options.tty || options.openTty) && terminalOpens())
                .slotVariable(slotVariable(options.processSlotVar))
                .startLimits(startLimits(cpus))
                .build();
    }

    /** With --tee, -j as given, or 0 when it was not (GNU parallel: --tee runs every job at once). */
    private int teeSlotsGiven() {
        return options.jobs == dev.spool.cli.run.JobSlots.ONE_PER_CPU ? 0
                : options.jobs.resolve(GnuParallelQueries.cpusForSlots(options));
    }

    /** {@code --load}, {@code --memfree}, {@code --noswap}, checked. */
    private RunSettings.StartLimits startLimits(int cpus) {
        if (options.load == null && options.memFree == null && !options.noSwap) {
            return RunSettings.StartLimits.NONE;
        }
        double maxLoad = 0;
        if (options.load != null) {
            // GNU parallel: -j's syntax, but 0 is 0.01 (start only on an idle machine)
            try {
                maxLoad = options.load.strip().equals("0") ? 0.01
                        : dev.spool.cli.run.JobSlots.parse(options.load.strip()).resolve(cpus);
            } catch (UsageException e) {
                throw new UsageException("--load: '" + options.load
                        + "' is not a number of processes (N, N%, +N or -N, as for -j)", e);
            }
        }
        long memFree = 0;
        if (options.memFree != null) {
            try {
                memFree = dev.spool.cli.pipe.BlockSize.parse(options.memFree);
                if (memFree < 0) {
                    throw new IllegalArgumentException("negative");
                }
            } catch (UsageException | IllegalArgumentException e) {
                throw new UsageException("--memfree: '" + options.memFree + "' is not a size (such as 500M or 1G)", e);
            }
        }
        return new RunSettings.StartLimits(maxLoad, memFree, options.noSwap);
    }

    /** {@code --process-slot-var}'s NAME, checked: a name the environment can hold. */
    private static String slotVariable(String name) {
        if (name != null && (name.isEmpty() || name.contains("=") || name.contains("\0"))) {
            throw new UsageException("--process-slot-var: '" + name + "' is not an environment variable name");
        }
        return name;
    }

    /** Whether this process has a terminal to give its jobs (GNU parallel gives /dev/tty only then). */
    private static boolean terminalOpens() {
        try (var tty = new java.io.FileInputStream("/dev/tty")) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates {@code dir} if needed and checks that files can be made in it; else names it and says why. */
    private static void requireWritableDirectory(Path dir, String option, String name) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, "spool", ".probe"));
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(option + ": cannot use '" + name + "': Not a directory", e);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot use '" + name + "': " + IoReason.of(e), e);
        }
    }

    private JobPlanner.ResumeFilter resumeFilter(RunSettings settings) {
        if (!(options.resume || options.resumeFailed || options.retryFailed)) {
            return JobPlanner.ResumeFilter.NONE;
        }
        Map<Long, JobLog.Entry> logged = JobLog.read(settings.joblog());
        if (options.retryFailed) {
            return JobPlanner.ResumeFilter.retryFailed(logged);
        }
        return options.resumeFailed ? JobPlanner.ResumeFilter.resumeFailed(logged)
                : JobPlanner.ResumeFilter.resume(logged);
    }

    // ---- errors: one line, exit 255, never a stack trace ----

    static int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (StdoutClosed.is(e)) {
            return ExitCodes.STDOUT_CLOSED;
        }
        String message = describe(e);
        commandLine.getErr().println(ErrorLine.of("spool: " + message));
        if (message.startsWith("internal error")) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return ExitCodes.ERROR;
    }

    /** One line for an error that ends the command; a stack trace follows only for a bug of ours. */
    static String describe(Exception e) {
        return switch (e) {
            case UsageException u -> u.getMessage();
            case dev.spool.cli.job.JobSpecException j -> j.getMessage();
            case dev.spool.cli.run.RunAbortedException r -> r.getMessage();
            case dev.spool.postgres.PgConnectException p -> p.getMessage();
            case dev.spool.postgres.SchemaNotReadyException s -> s.getMessage();
            case java.sql.SQLException q -> "database: " + q.getMessage();
            case java.io.UncheckedIOException u -> "input: " + RawArgs.fromPlatform(IoReason.of(u.getCause()));
            case java.io.IOException io -> "I/O error: " + RawArgs.fromPlatform(String.valueOf(io.getMessage()));
            default -> "internal error: " + e;
        };
    }

    static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        var err = e.getCommandLine().getErr();
        if (e.getCause() instanceof UsageException bad) { // a converter refused a value: its own one line
            err.println(ErrorLine.of("spool: " + bad.getMessage()));
            err.flush();
            return ExitCodes.ERROR;
        }
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            for (String arg : unmatched.getUnmatched()) {
                var unsupported = GnuParallelOptions.unsupported(arg);
                if (unsupported.isPresent()) {
                    message = unsupported.get();
                    break;
                }
            }
        }
        err.println(ErrorLine.of("spool: " + message));
        err.println("Try 'spool --help' for the options.");
        err.flush();
        return ExitCodes.ERROR;
    }
}
