package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.job.JobShell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A command written in bash's syntax runs under bash, as under GNU parallel for a user whose {@code $SHELL}
 * is bash: {@code /bin/sh} (dash) refuses process substitution, {@code [[ ]]} and here-strings, and reads
 * {@code &>} and {@code $'...'} otherwise. Each line runs through GNU parallel and spool with {@code
 * SHELL=/bin/bash}; stdout and the exit status must be the same. Skipped without GNU parallel, unless
 * {@code CI} is set.
 */
class BashSyntaxTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGnuParallel() {
        SpoolCli.requireGnuParallel();
    }

    static Stream<List<String>> lines() {
        return Stream.of(
                List.of("-k", "cat <(echo in {})", ":::", "a", "b"),
                List.of("-k", "echo {} > >(tr a-z A-Z); wait", ":::", "a"),
                List.of("-k", "[[ {} == a* ]] && echo yes {} || echo no {}", ":::", "ab", "ba"),
                List.of("-k", "echo $'x\\ty' {}", ":::", "a"),
                List.of("-k", "cat <<< {}", ":::", "a", "'b c'"),
                List.of("-k", "echo {} &> out{}; cat out{}", ":::", "a", "b"),
                // a value never chooses the shell: quoted as data, whatever it holds
                List.of("-k", "echo {} | cat", ":::", "<(x)", "[[", "$'y'"));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void bashSyntax_runsUnderBash_asInGnuParallel(List<String> line) throws Exception {
        Map<String, String> env = Map.of("SHELL", "/bin/bash");
        SpoolCli.Result gnu = SpoolCli.run(underBash(withParallel(line)), null, dir, env);
        SpoolCli.Result spool = SpoolCli.run(underBash(SpoolCli.spoolCommand(line.toArray(String[]::new))), null,
                dir, env);

        assertThat(gnu.exit()).as("GNU parallel: %s", gnu).isZero();
        assertThat(spool.out()).as("spool: %s\nGNU parallel: %s", spool, gnu).isEqualTo(gnu.out());
        assertThat(spool.exit()).as(spool.toString()).isEqualTo(gnu.exit());
    }

    @Test
    void parallelShellSh_isKept_evenForBashSyntax() throws Exception {
        List<String> line = List.of("-k", "[[ {} == a ]] && echo yes; echo after {}", ":::", "a");
        Map<String, String> env = Map.of("SHELL", "/bin/bash", "PARALLEL_SHELL", "/bin/sh");
        SpoolCli.Result gnu = SpoolCli.run(underBash(withParallel(line)), null, dir, env);
        SpoolCli.Result spool = SpoolCli.run(underBash(SpoolCli.spoolCommand(line.toArray(String[]::new))), null,
                dir, env);

        assertThat(gnu.out()).as("GNU parallel: %s", gnu).isEqualTo("after a\n"); // sh: [[: not found
        assertThat(spool.out()).as("spool: %s", spool).isEqualTo(gnu.out());
        assertThat(spool.exit()).as(spool.toString()).isEqualTo(gnu.exit());
    }

    @Test
    void bashOnly_findsBashSyntax_andNothingElse() {
        assertThat(Stream.of("cat <(ls)", "tee >(wc)", "[[ -f x ]]", "echo $'\\t'", "cat <<< x", "ls &> log"))
                .allMatch(JobShell::bashOnly);
        assertThat(Stream.of("echo a | wc", "ls 2>&1 >/dev/null", "[ -f x ]", "echo '$x'", "cat << EOF", "a & b",
                "x=$(date)", "echo \"$HOME\" (x)")).noneMatch(JobShell::bashOnly);
    }

    @Test
    void bashFor_prefersShell_whenItIsBash_elseBashOnPath() {
        assertThat(JobShell.bashFor(Map.of("SHELL", "/bin/bash", "PATH", "/nonexistent")).path())
                .isEqualTo("/bin/bash");
        assertThat(JobShell.bashFor(Map.of("SHELL", "/bin/dash", "PATH", "/usr/bin:/bin")).path())
                .endsWith("/bash");
        assertThat(JobShell.bashFor(Map.of("SHELL", "/bin/dash", "PATH", "/nonexistent"))).isSameAs(JobShell.SH);
    }

    /**
     * The command as a bash user's terminal runs it: a child of bash (GNU parallel takes the shell of its
     * jobs from its parent process: under Maven that would be sh).
     */
    private static List<String> underBash(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", "\"$@\"; exit $?", "bash"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static List<String> withParallel(List<String> line) {
        List<String> command = new ArrayList<>(List.of("parallel"));
        command.addAll(line);
        return command;
    }
}
