package dev.spool.cli;

import dev.spool.examples.Monitoring;
import dev.spool.examples.ProducerConsumer;
import dev.spool.examples.StopFlag;
import dev.spool.examples.ThreadItOut;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spool example [name]}: runs one of the library's example programs, or lists them. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Runs one of the library's examples (one per lesson), or lists them.")
public final class ExampleCommand implements Callable<Integer> {

    /** An example's entry point. */
    @FunctionalInterface
    interface ExampleMain {
        void main(String[] args) throws Exception;
    }

    private record Example(String lesson, ExampleMain main) {}

    private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("producer-consumer", new Example("a queue between producers and consumers, with join",
                ProducerConsumer::main));
        EXAMPLES.put("stop-flag", new Example("broadcasting a stop through a flag", StopFlag::main));
        EXAMPLES.put("thread-it-out", new Example("the main thread keeps dispatching while results are collected",
                ThreadItOut::main));
        EXAMPLES.put("monitoring", new Example("events and statistics of a pool", Monitoring::main));
    }

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The example to run; none lists them.")
    String name;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (name == null) {
            EXAMPLES.forEach((key, example) ->
                    spec.commandLine().getOut().printf("  %-18s %s%n", key, example.lesson()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Example example = EXAMPLES.get(name);
        if (example == null) {
            throw new UsageException("example: no example named '" + name + "'; there are " + EXAMPLES.keySet());
        }
        example.main().main(new String[0]);
        return ExitCodes.OK;
    }
}
