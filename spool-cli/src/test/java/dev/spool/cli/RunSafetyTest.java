package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where spool deliberately differs from GNU parallel: values are data in every position of a shell line
 * (docs/differences-from-gnu-parallel.md). GNU parallel runs {@code $(touch pwned)} in these cases.
 */
class RunSafetyTest {

    @TempDir
    Path dir;

    @Test
    void valueInsideDoubleQuotes_isData_notCode() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo \"{}\"", ":::", "$(touch pwned)", "v w");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("$(touch pwned)\nv w\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void valueInsideSingleQuotes_isData_notCode() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo '{}'", ":::", "a'$(touch pwned)'b");

        assertThat(result.out()).isEqualTo("a'$(touch pwned)'b\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void valueAfterDollarPrefix_doesNotExpandAVariable() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo $HO{}", ":::", "ME");

        assertThat(result.out()).doesNotContain(System.getProperty("user.home") + "\n");
        assertThat(Files.list(dir)).isEmpty();
    }
}
