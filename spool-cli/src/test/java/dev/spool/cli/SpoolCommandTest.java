package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.junit.jupiter.api.Test;

/** The top-level command: its subcommand list and its version. */
class SpoolCommandTest {

    @Test
    void subcommands_fastCheckListsExactlyTheAnnotatedOnes() {
        var annotated = Arrays.stream(SpoolCommand.class.getAnnotation(Command.class).subcommands())
                .map(type -> type.getAnnotation(Command.class).name())
                .collect(Collectors.toSet());

        assertThat(SpoolCommand.SUBCOMMANDS).isEqualTo(annotated);
    }

    @Test
    void version_isTheBuildsProjectVersion_forSpoolAndForRun() {
        for (String[] args : new String[][] {{"--version"}, {"run", "--version"}}) {
            var out = new StringWriter();
            int exit = SpoolCommand.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    args);

            assertThat(exit).isZero();
            assertThat(out.toString().strip()).isEqualTo("spool " + SpoolVersion.version())
                    .matches("spool \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        }
    }

    @Test
    void termseqHelp_namesTheDefaultThatIsUsed() {
        var help = new CommandLine(new RunCommand()).getUsageMessage();

        assertThat(help.replaceAll("\\s+", " ")).contains("Default: " + RunOptions.DEFAULT_TERMSEQ);
    }
}
