package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GNU parallel's default options: where they come from and where they go in the command line. */
class GnuParallelProfilesTest {

    @TempDir
    Path dir;

    @Test
    void shellWords_splitsAsPerlShellwords() {
        assertThat(GnuParallelProfiles.shellWords("  -k  --tagstring 'a b' \"c\\\"d\" e\\ f g'h'  "))
                .containsExactly("-k", "--tagstring", "a b", "c\"d", "e f", "gh");
        assertThat(GnuParallelProfiles.shellWords("")).isEmpty();
        assertThatThrownBy(() -> GnuParallelProfiles.shellWords("-k 'open"))
                .isInstanceOf(UsageException.class).hasMessageContaining("'open");
    }

    @Test
    void optionsEnd_knowsWhichOptionsTakeAValue() {
        assertThat(FastRunParser.optionsEnd(List.of("-j", "4", "-k", "echo", "-j"))).isEqualTo(3);
        assertThat(FastRunParser.optionsEnd(List.of("-kj", "4", "nice"))).isEqualTo(2);
        assertThat(FastRunParser.optionsEnd(List.of("-kj4", "--tagstring", "x", "nice"))).isEqualTo(3);
        assertThat(FastRunParser.optionsEnd(List.of("--jobs=4", "--", "-k"))).isEqualTo(1);
        assertThat(FastRunParser.optionsEnd(List.of())).isZero();
    }

    @Test
    void expand_optionsBeforeTheCommandLines_otherWordsBeforeTheCommand() throws Exception {
        Files.writeString(dir.resolve("config"), "# comment\n-k\n--tagstring 'x y' nice\n");
        String[] args = {"-j2", "echo", "-k", ":::", "a"};

        String[] expanded = GnuParallelProfiles.expand(args,
                Map.of("PARALLEL_HOME", dir.toString(), "PARALLEL", "-v env\\ word"));

        assertThat(expanded).containsExactly("-k", "--tagstring", "x y", "-v", "-j2", "nice", "env word", "echo",
                "-k", ":::", "a");
    }

    @Test
    void expand_rplAndPlusInAProfile_areOptions() throws Exception {
        Files.writeString(dir.resolve("perl"), "--plus --rpl '{..} s:\\.[^.]+$::;s:\\.[^.]+$::;'\n");
        String[] args = {"-J", "perl", "echo", "{..}", ":::", "a.b.c"};

        String[] expanded = GnuParallelProfiles.expand(args, Map.of("PARALLEL_HOME", dir.toString()));

        assertThat(expanded).containsExactly("--plus", "--rpl", "{..} s:\\.[^.]+$::;s:\\.[^.]+$::;", "-J", "perl",
                "echo", "{..}", ":::", "a.b.c");
        assertThat(FastRunParser.optionsEnd(List.of(expanded))).isEqualTo(5);
    }

    @Test
    void expand_plainOrNothingConfigured_leavesTheCommandLine() throws Exception {
        Files.writeString(dir.resolve("config"), "-k\n");
        String[] plain = {"--plain", "echo"};
        String[] none = {"echo"};

        assertThat(GnuParallelProfiles.expand(plain, Map.of("PARALLEL_HOME", dir.toString()))).isSameAs(plain);
        assertThat(GnuParallelProfiles.expand(none, Map.of("PARALLEL_HOME", dir.resolve("none").toString())))
                .isSameAs(none);
    }

    @Test
    void expand_profileInsteadOfConfig_missingProfileNamed() throws Exception {
        Files.writeString(dir.resolve("config"), "-k\n");
        Files.writeString(dir.resolve("p"), "-v\n");
        Map<String, String> env = Map.of("PARALLEL_HOME", dir.toString());

        assertThat(GnuParallelProfiles.expand(new String[] {"-J", "p", "echo"}, env))
                .containsExactly("-v", "-J", "p", "echo");
        assertThatThrownBy(() -> GnuParallelProfiles.expand(new String[] {"--profile=q", "echo"}, env))
                .isInstanceOf(UsageException.class).hasMessageContaining("--profile: 'q'");
    }
}
