package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** GNU parallel's options as spool knows them. */
class GnuParallelOptionsTest {

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
}
