package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every option of GNU parallel ({@code gnu-parallel-options.txt}) is either one spool accepts or one it
 * refuses by name, with exit 255: never picocli's "Unknown option".
 */
class GnuParallelOptionsTest {

    @Test
    void everyGnuParallelOption_acceptedOrRefusedByName() throws IOException {
        var spec = new CommandLine(new RunCommand()).getCommandSpec();
        List<String> neither = new ArrayList<>();
        for (String option : gnuOptions()) {
            if (spec.findOption(option) == null && GnuParallelOptions.unsupported(option).isEmpty()) {
                neither.add(option);
            }
        }

        assertThat(neither).as("GNU parallel options spool neither accepts nor refuses by name").isEmpty();
    }

    @Test
    void unsupportedOption_refusedByName_exit255() throws IOException {
        var spec = new CommandLine(new RunCommand()).getCommandSpec();
        for (String option : gnuOptions()) {
            if (spec.findOption(option) != null) {
                continue;
            }
            var err = new StringWriter();
            int exit = SpoolCommand.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    option, "x", "echo", ":::", "a");

            assertThat(exit).as("%s: %s", option, err).isEqualTo(255);
            assertThat(err.toString()).as(option)
                    .startsWith("spool: " + option + " is a GNU parallel option that spool does not support")
                    .doesNotContain("Unknown option");
        }
    }

    @Test
    void alternativeSpellings_sameOptions() {
        var spec = new CommandLine(new RunCommand()).getCommandSpec();
        String[][] same = {{"--dry-run", "--dryrun", "--dr"}, {"--line-buffer", "--linebuffer", "--lb"},
                {"--joblog", "--jl"}, {"-t", "--verbose"}, {"--results", "--res", "--result"},
                {"--tagstring", "--tag-string"}, {"--keep-order", "--keeporder", "-k"}};
        for (String[] names : same) {
            for (String name : names) {
                assertThat(spec.findOption(name)).as(name).isSameAs(spec.findOption(names[0]));
            }
        }
    }

    private static List<String> gnuOptions() throws IOException {
        try (InputStream in = GnuParallelOptionsTest.class.getResourceAsStream("gnu-parallel-options.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
