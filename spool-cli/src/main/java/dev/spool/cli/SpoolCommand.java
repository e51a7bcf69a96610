package dev.spool.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spool}: runs jobs like GNU parallel ({@code spool [options] command ::: values}), or a subcommand.
 * A first argument that names a subcommand selects it; anything else is {@code spool run}.
 */
@Command(name = "spool", mixinStandardHelpOptions = true, versionProvider = SpoolVersion.class,
        description = {"A parallel job runner and producer-consumer work engine.",
                "  spool [run] [options] command [args] [::: values]... [:::: files]...",
                "  spool example [name]",
                "  spool bench [options] [-- command {} ::: values]",
                "  spool db migrate [--db URL] [--schema NAME]",
                "  spool [options] --queue NAME [--db URL] [--wait] command [args] [::: values]...",
                "  spool worker --queue NAME [--db URL] [-j N] [--drain]",
                "  spool status [--db URL] [--schema NAME] [--queue NAME] [--joblog FILE]"},
        subcommands = {RunCommand.class, ExampleCommand.class, BenchCommand.class, dev.spool.cli.pg.DbCommand.class,
                dev.spool.cli.pg.StatusCommand.class, dev.spool.cli.pg.WorkerCommand.class, CommandLine.HelpCommand.class})
public final class SpoolCommand implements Runnable {

    /**
     * The names of the subcommands in the annotation above, typed again: reading them from the annotation
     * would load every subcommand's class before the job runner's fast start (a start-up cost on every
     * run). SpoolCommandTest checks that the two lists agree.
     */
    static final Set<String> SUBCOMMANDS = Set.of("run", "example", "bench", "db", "status", "worker", "help");

    /** Runs the command line (ISO-8859-1 carried, see {@link RawArgs}) and returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, writing picocli's own messages (usage, errors) to the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean top = args.length > 0 && SUBCOMMANDS.contains(args[0]);
        if (!top) {
            return RunCommand.execute(out, err, args);
        }
        if (args[0].equals("run")) { // the same path, with GNU parallel's default options
            return RunCommand.execute(out, err, java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        var commandLine = new CommandLine(new SpoolCommand());
        commandLine.setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler(RunCommand::handleExecutionException);
        commandLine.setParameterExceptionHandler(RunCommand::handleParameterException);
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        commandLine.getSubcommands().get("run").setOverwrittenOptionsAllowed(true);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
