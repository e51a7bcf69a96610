package dev.spool.cli;

import dev.spool.examples.Example;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spool example [name]}: runs one of the library's example programs, or lists them. The list is the
 * examples module's own, {@link Example}.
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Runs one of the library's examples (one per lesson), or lists them.")
public final class ExampleCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The example to run; none lists them.")
    String name;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (name == null) {
            PrintWriter out = spec.commandLine().getOut();
            int width = Arrays.stream(Example.values()).mapToInt(e -> e.exampleName().length()).max().orElse(0);
            for (Example example : Example.values()) {
                out.printf("  %-" + width + "s  %s%n", example.exampleName(), example.lesson());
            }
            out.flush();
            return ExitCodes.OK;
        }
        Example example = Example.named(name).orElseThrow(() -> new UsageException("example: no example named '"
                + name + "'; there are " + Arrays.stream(Example.values()).map(Example::exampleName).toList()));
        example.run();
        return ExitCodes.OK;
    }
}
