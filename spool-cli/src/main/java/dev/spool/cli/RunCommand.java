package dev.spool.cli;

import dev.spool.cli.run.DryRun;
import dev.spool.cli.run.JobLog;
import dev.spool.cli.run.JobRunner;
import dev.spool.cli.run.PlannedJob;
import dev.spool.cli.run.RunSettings;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.stop.ShutdownSignals;
import dev.spool.cli.job.IoReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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

    /**
     * Runs {@code spool run ARGS}: through the fast path when the options are plain, else through picocli
     * (help, version, clusters, errors). Both fill the same {@link RunOptions}.
     */
    static int execute(PrintWriter out, PrintWriter err, String[] args) {
        var fast = FastRunParser.parse(args);
        if (fast.isEmpty()) {
            return commandLine(out, err).execute(args);
        }
        var command = new RunCommand();
        command.options = fast.get();
        try {
            return command.call();
        } catch (Exception e) {
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
        commandLine.setOut(out).setErr(err);
        commandLine.setStopAtPositional(true);
        commandLine.setExecutionExceptionHandler(RunCommand::handleExecutionException);
        commandLine.setParameterExceptionHandler(RunCommand::handleParameterException);
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        // spool stops on SIGINT/SIGTERM even when started with them ignored (`spool ... &` in a script), as
        // GNU parallel does; the runner registers its stop with these handlers
        ShutdownSignals.installOverridingIgnored();
        RunSettings settings = settings();
        JobPlanner.ResumeFilter filter = resumeFilter(settings);
        Iterator<PlannedJob> jobs = JobPlanner.plan(options, filter);
        if (settings.dryRun()) {
            return DryRun.print(jobs, settings.slots());
        }
        boolean inputsAtHand = JobPlanner.inputsAtHand(options, filter);
        return new JobRunner(settings, PosixSpawnLauncher.guarded()).run(jobs, inputsAtHand);
    }

    /** The run's settings from the options: the typed values as converted, the rest checked here. */
    RunSettings settings() {
        int cpus = Runtime.getRuntime().availableProcessors();
        int slots = options.jobs.resolve(cpus);
        RunSettings.OutputMode output = options.ungroup ? RunSettings.OutputMode.UNGROUP
                : options.lineBuffer ? RunSettings.OutputMode.LINE_BUFFER : RunSettings.OutputMode.GROUP;
        Path joblog = null;
        boolean append = false;
        if (options.joblog != null) {
            String name = options.joblog;
            if (name.startsWith("+")) {
                append = true;
                name = name.substring(1);
            }
            if (name.isEmpty()) {
                throw new UsageException("--joblog: '" + options.joblog + "' is not a file name");
            }
            joblog = Path.of(RawArgs.toPlatform(name));
        }
        boolean resuming = options.resume || options.resumeFailed || options.retryFailed;
        if (resuming && joblog == null) {
            throw new UsageException("--resume, --resume-failed and --retry-failed need --joblog FILE");
        }
        if (options.retries != null && options.retries < 1) {
            throw new UsageException("--retries: '" + options.retries + "' must be at least 1");
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
        return new RunSettings(slots, options.keepOrder, output, options.tag || options.tagString != null,
                joblog, append || resuming, options.retries == null ? 1 : options.retries,
                options.timeout, options.termseq, options.halt, options.delay,
                options.dryRun, options.verbose, options.progress, Path.of(RawArgs.toPlatform(tmp)),
                options.results == null ? null : Path.of(RawArgs.toPlatform(options.results)));
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
