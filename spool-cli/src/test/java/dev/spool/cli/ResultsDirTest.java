package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** --results DIR lays files out as GNU parallel does; compared against the real one. */
class ResultsDirTest {

    @TempDir
    Path dir;

    static Stream<List<String>> runs() {
        return Stream.of(
                List.of("-k", "--results", "out", "echo {1}-{2}; echo e{#} >&2",
                        ":::", "a", "b/c", "sp ace", "back\\slash", ":::", "x", "y"),
                // with --header, the columns' names name the directories (out/f1/A/f2/C), not 1 and 2
                List.of("-k", "--header", ":", "--results", "out", "echo {f1} {f2}",
                        ":::", "f1", "A", "B/b", ":::", "f2", "C", "D"));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void results_sameTreeAndContentsAsGnuParallel(List<String> args) throws Exception {
        SpoolCli.requireGnuParallel();

        List<String> gnu = new java.util.ArrayList<>(List.of("parallel"));
        gnu.addAll(args);
        Files.createDirectories(dir.resolve("gnu"));
        SpoolCli.Result expected = SpoolCli.run(gnu, null, dir.resolve("gnu"), Map.of("PARALLEL_SHELL", "/bin/sh",
                "PARALLEL_HOME", dir.resolve("home").toString()));
        Files.createDirectories(dir.resolve("spool"));
        SpoolCli.Result actual = SpoolCli.run(SpoolCli.spoolCommand(args.toArray(String[]::new)), null,
                dir.resolve("spool"), Map.of());

        assertThat(actual.exit()).isEqualTo(expected.exit());
        assertThat(actual.out()).isEqualTo(expected.out()).isEmpty();
        assertThat(tree(dir.resolve("spool/out"))).isEqualTo(tree(dir.resolve("gnu/out"))).isNotEmpty();
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
