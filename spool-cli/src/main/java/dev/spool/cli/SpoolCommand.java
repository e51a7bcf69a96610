package dev.spool.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spool}: the top-level command. */
@Command(name = "spool", mixinStandardHelpOptions = true, version = "spool 0.1.0-SNAPSHOT",
        description = "A parallel job runner and producer-consumer work engine.")
public final class SpoolCommand implements Callable<Integer> {

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new SpoolCommand()).execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }
}
