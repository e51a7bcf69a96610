package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code env_parallel} and {@code parset}: each script runs three times, in bash, with the same
 * environment: GNU's {@code env_parallel.bash} with GNU parallel (the oracle), GNU's {@code
 * env_parallel.bash} with spool as {@code parallel} (spool reads {@code $PARALLEL_ENV} and {@code
 * --_parset} as GNU parallel does), and spool's own {@code bin/env_parallel.bash}; stdout and the exit
 * status must be GNU's. Skipped without GNU parallel on PATH, unless {@code CI} is set.
 */
class EnvParallelTest {

    private static final Path GNU_ENV_PARALLEL = Path.of("/usr/bin/env_parallel.bash");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGnuParallel() {
        SpoolCli.requireGnuParallel();
    }

    static Stream<String> scripts() {
        return Stream.of(
                // the tutorial's example: an alias and a variable that is not exported
                "alias myecho=echo; myvar=\"Joe's var is\"; env_parallel -k 'myecho $myvar' ::: green blue",
                // a function that is not exported, calling an alias, with a variable
                "NOT='not exported var'; alias myecho=echo\n"
                        + "not_ex() { myecho in not_exported_func $NOT $1; }\n"
                        + "env_parallel -k 'echo $NOT; not_ex' ::: bar",
                // --env: only the names given go
                "alias myecho=echo; a=1; b=2\n"
                        + "env_parallel -k --env a 'echo \"a=$a b=$b\"; type myecho >/dev/null 2>&1 || echo none' ::: x",
                // arrays, and a value with quotes and a newline
                "arr=(one 'two words' \"it's\"); v=$'line1\\nline2'\n"
                        + "env_parallel -k 'printf \"[%s]\" \"${arr[@]}\" {}; echo \"$v\"' ::: 0 1",
                // shell options travel: extglob
                "shopt -s extglob; touch x1 y1\nenv_parallel -k 'echo !(x*){}' ::: 1",
                // the job's exit status
                "f() { return $1; }; env_parallel -k f ::: 0 3 0; echo \"status $?\"",
                // parset: variables, an array, an associative array, blank-separated names
                "parset myvar1,myvar2 echo ::: a b; echo \"$myvar1/$myvar2\"",
                "parset myarray seq {} 5 ::: 1 2 3; echo \"${myarray[1]}\"; echo \"${#myarray[@]}\"",
                "cmd=(\"echo '<<joe  \\\"double  space\\\"  cartoon>>'\" \"echo it\\\"s\")\n"
                        + "parset data ::: \"${cmd[@]}\"; echo \"${data[0]}\"; echo \"${data[1]}\"",
                "declare -A h; parset h echo ::: x 'y z'; echo \"${h[x]}|${h[y z]}\"",
                "parset 'v1 v2' echo ::: p q; echo \"$v1$v2\"",
                // parset's status is the run's; the variables are set all the same
                "parset a,b 'echo {}; exit {}' ::: 0 2; echo \"status $? a=$a b=$b\"",
                "parset a,b echo ::: 1 2 3; echo \"status $?\"");
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void sameAsGnu(String script) throws Exception {
        Path spoolBin = Files.createDirectories(dir.resolve("spool-bin"));
        String spool = SpoolCli.shellWords(SpoolCli.spoolCommand());
        executable(spoolBin.resolve("parallel"), "#!/bin/bash\nexec " + spool + " \"$@\"\n");
        executable(spoolBin.resolve("spool"), "#!/bin/bash\nexec " + spool + " \"$@\"\n");
        Files.copy(Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("env_parallel.bash"),
                spoolBin.resolve("env_parallel.bash"), StandardCopyOption.REPLACE_EXISTING);
        String path = System.getenv("PATH");

        SpoolCli.Result gnu = bash(". " + GNU_ENV_PARALLEL + "\n" + script, "gnu", path);
        SpoolCli.Result spoolWithGnuFunctions = bash(". " + GNU_ENV_PARALLEL + "\n" + script, "spool-gnu",
                spoolBin + ":" + path);
        SpoolCli.Result spoolOwn = bash(". " + spoolBin.resolve("env_parallel.bash") + "\n" + script, "spool-own",
                "/usr/bin:/bin");

        assertThat(gnu.err()).as("GNU's run: %s", gnu).doesNotContain("env_parallel only works");
        assertThat(spoolWithGnuFunctions.out()).as("spool under GNU's env_parallel.bash: %s\nGNU: %s",
                spoolWithGnuFunctions, gnu).isEqualTo(gnu.out());
        assertThat(spoolWithGnuFunctions.exit()).as(spoolWithGnuFunctions.toString()).isEqualTo(gnu.exit());
        assertThat(spoolOwn.out()).as("spool's env_parallel.bash: %s\nGNU: %s", spoolOwn, gnu).isEqualTo(gnu.out());
        assertThat(spoolOwn.exit()).as(spoolOwn.toString()).isEqualTo(gnu.exit());
    }

    @Test
    void parallelEnvFile_isRead_andJobsDoNotInheritTheVariable() throws Exception {
        Path code = dir.resolve("env-code");
        Files.writeString(code, "greet() { echo \"hi $1\"; }\n");
        for (String value : new String[] {code.toString(), "greet() { echo \"hi $1\"; }\u0001"}) {
            SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("-k", "greet {}; echo \"[${PARALLEL_ENV-unset}]\"",
                    ":::", "a"), null, dir, Map.of("PARALLEL_ENV", value));

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString()).isEqualTo("hi a\n[unset]\n");
        }
    }

    @Test
    void parsetOption_badName_saysSo_andReturns255() throws Exception {
        SpoolCli.Result result = SpoolCli.spool("-k", "--_parset", "var,1a", "echo", ":::", "x");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.out()).isEqualTo("\nreturn 255");
        assertThat(result.err()).contains("1a is an invalid variable name");
    }

    @Test
    void envUnderscore_withoutRecordEnv_saysHowToRecord() throws Exception {
        Path spoolBin = Files.createDirectories(dir.resolve("spool-bin"));
        executable(spoolBin.resolve("spool"), "#!/bin/bash\nexec " + SpoolCli.shellWords(SpoolCli.spoolCommand())
                + " \"$@\"\n");
        Files.copy(Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("env_parallel.bash"),
                spoolBin.resolve("env_parallel.bash"), StandardCopyOption.REPLACE_EXISTING);
        String script = ". " + spoolBin.resolve("env_parallel.bash") + "\n"
                + "x=1; env_parallel --env _ -k 'echo ${x-none}' ::: a\n"
                + "env_parallel --record-env; y=2\n"
                + "env_parallel --env _ -k 'echo ${x-none} ${y-none}' ::: b\n";

        SpoolCli.Result result = bash(script, "underscore", "/usr/bin:/bin");

        assertThat(result.err()).as(result.toString()).contains("Run \"env_parallel --record-env\"");
        assertThat(result.out()).as(result.toString()).isEqualTo("1 a\nnone 2 b\n");
        assertThat(dir.resolve("underscore/parallel-home/ignored_vars")).content().contains("\nx\n");
    }

    @Test
    void recordEnv_writesTheNamesGnuParallelWrites() throws Exception {
        Path gnuHome = Files.createDirectories(dir.resolve("gnu-home"));
        Path spoolHome = Files.createDirectories(dir.resolve("spool-home"));

        SpoolCli.Result gnu = SpoolCli.run(List.of("parallel", "--record-env"), null, dir,
                Map.of("PARALLEL_HOME", gnuHome.toString()));
        SpoolCli.Result spool = SpoolCli.run(SpoolCli.spoolCommand("--record-env"), null, dir,
                Map.of("PARALLEL_HOME", spoolHome.toString()));

        assertThat(gnu.exit()).as(gnu.toString()).isZero();
        assertThat(spool.exit()).as(spool.toString()).isZero();
        assertThat(Files.readAllLines(spoolHome.resolve("ignored_vars")).stream().sorted().toList())
                .isEqualTo(Files.readAllLines(gnuHome.resolve("ignored_vars")).stream().sorted().toList());
    }

    private SpoolCli.Result bash(String script, String name, String path) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve(name));
        Path home = Files.createDirectories(work.resolve("parallel-home"));
        return SpoolCli.run(List.of("bash", "-c", script), null, work,
                Map.of("PATH", path, "PARALLEL_HOME", home.toString(), "HOME", work.toString()));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
