package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviours where spool once differed from GNU parallel without a word (issue 13, "silent differences"),
 * each run through the real GNU parallel and through spool where GNU's behaviour is observable. Skipped
 * without {@code parallel} on PATH, unless {@code CI} is set.
 */
class GnuParallelSilentDifferencesTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGnuParallel() {
        SpoolCli.requireGnuParallel();
    }

    // ---- 10: help, and a closed stdout ----

    @Test
    void help_noPicocliWarnings_usageNamesSpool() throws Exception {
        SpoolCli.Result help = SpoolCli.spool("--help");

        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.err()).as(help.toString()).isEmpty();
        assertThat(help.out()).startsWith("Usage: spool ").contains("-N (CPUs-N), N% of")
                .contains("after N% of the median").contains("done=N|N%.").doesNotContain("%%");
    }

    @Test
    void stdoutClosedByReader_quietExit141_likeGnuParallel() throws Exception {
        for (String options : new String[] {"-k", "-j2 -k --tag", "--dry-run", "-k -v", "-j1 --lb", "-j2 -k --lb"}) {
            String gnu = "seq 1 20000 | parallel " + options + " echo | head -1; echo \"status ${PIPESTATUS[1]}\"";
            String spool = gnu.replace("parallel", SpoolCli.shellWords(SpoolCli.spoolCommand()));

            SpoolCli.Result expected = bash(gnu, Map.of());
            SpoolCli.Result actual = bash(spool, Map.of());

            assertThat(expected.out()).as("GNU parallel with %s: %s", options, expected).endsWith("status 141\n");
            assertThat(actual.out()).as("spool %s: %s", options, actual).isEqualTo(expected.out());
            assertThat(actual.err()).as("spool %s: %s", options, actual).isEqualTo(expected.err()).isEmpty();
        }
    }

    // ---- 5: --results NAME.csv/.tsv/.json, and NAME with replacement strings ----

    @Test
    void results_tablesAndNamedFiles_sameFilesAsGnuParallel() throws Exception {
        String script = String.join("; ",
                "parallel -j1 --results my.csv 'echo {}; echo e >&2' ::: a 'b c' 'x\"y'",
                "parallel -j1 --results my.TSV echo ::: a \"$(printf 'b\\tc')\"",
                "parallel -j1 --results my.json 'echo {}; exit 2' ::: \"$(printf 'a\\tb')\" 'q\"r\\s'",
                "echo \"exit $?\"",
                "parallel -j1 --results 'my_{}' 'echo {}; echo {} >&2' ::: foo bar",
                "parallel -j1 --results 'o_{}/' echo ::: a",
                "parallel -j1 --results 'sub/{1}-{2}' echo ::: p q ::: 1",
                "parallel -j1 -n2 --results y.csv echo ::: a 'b\"c' d",
                "parallel -j1 --results -.json echo ::: z");
        Map<String, String> trees = new HashMap<>();
        for (String tool : new String[] {"gnu", "spool"}) {
            Path work = Files.createDirectories(dir.resolve(tool));
            String command = tool.equals("gnu") ? "parallel" : SpoolCli.shellWords(SpoolCli.spoolCommand());
            SpoolCli.Result result = SpoolCli.run(List.of("bash", "-c", script.replace("parallel", command)), null,
                    work, Map.of("PARALLEL_HOME", dir.resolve("parallel-home").toString()));
            StringBuilder tree = new StringBuilder(withoutTimes(result.out())).append("--- files\n");
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    tree.append("== ").append(work.relativize(file)).append('\n')
                            .append(withoutTimes(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)));
                }
            }
            trees.put(tool, tree.toString());
        }

        assertThat(trees.get("gnu")).contains("exit 2").contains("== my_foo.err").contains("== o_a/stdout");
        assertThat(trees.get("spool")).isEqualTo(trees.get("gnu"));
    }

    /** A results table without its Starttime and JobRuntime columns. */
    private static String withoutTimes(String table) {
        return table.replaceAll("(?m)^([0-9]+[,\t]:[,\t])[0-9.]+([,\t])[0-9.]+", "$1T$2T")
                .replaceAll("\"Starttime\": [0-9.]+, \"JobRuntime\": [0-9.]+", "\"Starttime\": T, \"JobRuntime\": T");
    }

    @Test
    void joblogDash_isStdout_afterEachJobsOutput_noFileNamedDash() throws Exception {
        String gnu = "parallel -k -j1 --joblog - 'echo {}; exit {}' ::: 0 3; echo \"exit $?\"";
        String spool = gnu.replace("parallel", SpoolCli.shellWords(SpoolCli.spoolCommand()));

        SpoolCli.Result expected = bash(gnu, Map.of());
        Files.deleteIfExists(dir.resolve("-"));
        SpoolCli.Result actual = bash(spool, Map.of());

        String times = "(?m)^([0-9]+\t:\t)[0-9.]+\t *[0-9.]+";
        assertThat(expected.out()).as(expected.toString()).startsWith("Seq\tHost").contains("exit 1");
        assertThat(actual.out().replaceAll(times, "$1T\tT")).as(actual.toString())
                .isEqualTo(expected.out().replaceAll(times, "$1T\tT"));
        assertThat(dir.resolve("-")).doesNotExist();
    }

    @Test
    void files_outputInFilesWhoseNamesArePrinted_sameContentsAsGnuParallel() throws Exception {
        // the names are random, in GNU's shape: t/parXXXXX.par, mode 600
        String gnu = "mkdir -p t; parallel --files --tmpdir t -k 'echo {}; echo {}{}' ::: a 'b c'"
                + " | while read f; do case $f in t/par?????.par) ;; *) echo \"bad name $f\";; esac;"
                + " stat -c %a \"$f\"; cat \"$f\"; rm \"$f\"; done; ls t | wc -l";
        SpoolCli.Result expected = bash(gnu, Map.of());
        SpoolCli.Result actual = bashWithSpool(gnu);

        assertThat(expected.out()).as(expected.toString()).isEqualTo("600\na\naa\n600\nb c\nb cb c\n0\n");
        assertThat(actual.out()).as(actual.toString()).isEqualTo(expected.out());
    }

    @Test
    void jobsFromAFile_likeGnuParallel() throws Exception {
        String gnu = "echo 1 > jobfile; parallel -j jobfile 'sleep 0.{}; echo {}' ::: 3 1;"
                + " echo 50% > jobfile; parallel -j jobfile -k echo ::: a";
        SpoolCli.Result expected = bash(gnu, Map.of());
        SpoolCli.Result actual = bashWithSpool(gnu);

        assertThat(expected.out()).as(expected.toString()).startsWith("3\n1\na\n");
        assertThat(actual.out()).as(actual.toString()).isEqualTo(expected.out());
        assertThat(actual.exit()).isEqualTo(expected.exit());
        SpoolCli.Result bad = bashWithSpool("echo x > jobfile; parallel -j jobfile echo ::: a");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(255);
        assertThat(bad.err()).contains("-j jobfile: the file holds 'x', not a number of jobs");
    }

    @Test
    void shellquote_printsEachJobsLineQuoted_oncePerOption_likeGnuParallel() throws Exception {
        String gnu = "printf '%s\\n' \"perl -e 'print \\\"@ARGV\\n\\\"'\" 'a b' | parallel -k --shellquote;"
                + " parallel -k --shellquote echo ::: \"it's\" 'a  b'; parallel --shellquote --shellquote ::: 'x y'";
        SpoolCli.Result expected = bash(gnu, Map.of());
        SpoolCli.Result actual = bashWithSpool(gnu);

        assertThat(expected.out()).as(expected.toString()).contains("'a b'\n");
        assertThat(actual.out()).as(actual.toString()).isEqualTo(expected.out());
        assertThat(actual.exit()).isEqualTo(expected.exit()).isZero();
    }

    @Test
    void shebangAndShebangWrap_scriptsRunAsWithGnuParallel() throws Exception {
        Path wrapper = dir.resolve("spool-under-test");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + SpoolCli.shellWords(SpoolCli.spoolCommand()) + " \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        Map<String, String> results = new HashMap<>();
        for (String tool : new String[] {"/usr/bin/parallel", wrapper.toString()}) {
            Path input = dir.resolve("input.sh");
            Files.writeString(input, "#!" + tool + " --shebang -k -r echo got\na\n\nb c\n");
            Path wrap = dir.resolve("wrap.sh");
            Files.writeString(wrap, "#!" + tool + " --shebang-wrap -k /bin/sh\necho \"arg $1\"\n");
            input.toFile().setExecutable(true);
            wrap.toFile().setExecutable(true);
            SpoolCli.Result result = bash("./input.sh; ./wrap.sh a b; echo x | ./wrap.sh", Map.of());
            results.put(tool, result.out() + "exit " + result.exit());
        }

        assertThat(results.get("/usr/bin/parallel")).isEqualTo("got a\ngot b c\narg a\narg b\narg x\nexit 0");
        assertThat(results.get(wrapper.toString())).isEqualTo(results.get("/usr/bin/parallel"));
        // GNU parallel re-runs itself through a shell, which splits an argument with a space; spool does not
        assertThat(bash("./wrap.sh 'b c'", Map.of()).out()).isEqualTo("arg b c\n");
    }

    // ---- 6: $PARALLEL, config files, profiles, $PARALLEL_PID ----

    @Test
    void defaultOptions_fromEnvConfigAndProfiles_likeGnuParallel() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("config"), "# the user's defaults\n-k\n--tagstring 'c {}'\n");
        Files.writeString(home.resolve("prof"), "-k --tag\n  # a comment\nenv X=1\n");
        Map<String, String> env = Map.of("PARALLEL_HOME", home.toString());
        String[] scripts = {
            "parallel echo ::: a b",
            "parallel --tagstring 'cli {}' echo ::: a b",
            "PARALLEL='--tagstring env\\ {} -j1' parallel echo ::: a b",
            "PARALLEL='-kv' parallel --plain -j1 echo ::: b a",
            "parallel -J prof sh -c 'echo $X {}' ::: a b",
            "parallel --profile ./home/prof echo ::: a",
        };
        for (String script : scripts) {
            SpoolCli.Result gnu = bash(script, env);
            SpoolCli.Result spool = bash(script.replace("parallel", SpoolCli.shellWords(SpoolCli.spoolCommand())), env);

            assertThat(spool.out()).as("%s\nGNU parallel: %s\nspool: %s", script, gnu, spool).isEqualTo(gnu.out());
            assertThat(spool.exit()).as("%s\nGNU parallel: %s\nspool: %s", script, gnu, spool)
                    .isEqualTo(gnu.exit()).isZero();
        }
    }

    @Test
    void profileNotFound_refusedByName_exit255() throws Exception {
        SpoolCli.Result spool = bash(SpoolCli.shellWords(SpoolCli.spoolCommand("-J", "nosuch", "echo", ":::", "a")), Map.of());

        assertThat(spool.exit()).as(spool.toString()).isEqualTo(255);
        assertThat(spool.err()).as(spool.toString()).contains("--profile: 'nosuch'");
        assertThat(spool.out()).isEmpty();
    }

    @Test
    void parallelPid_isTheRunnersPid_likeGnuParallel() throws Exception {
        String script = "parallel -k 'echo $PARALLEL_PID $PPID {}' ::: a b";
        for (String tool : new String[] {"parallel", SpoolCli.shellWords(SpoolCli.spoolCommand())}) {
            SpoolCli.Result result = bash(script.replace("parallel", tool), Map.of("PARALLEL_SHELL", "/bin/sh"));

            List<String> lines = result.out().lines().toList();
            assertThat(lines).as(result.toString()).hasSize(2);
            for (String line : lines) {
                String[] pids = line.split(" ");
                assertThat(pids).as(result.toString()).hasSize(3);
                assertThat(pids[0]).as("%s: $PARALLEL_PID is the parent of the job's shell", result)
                        .matches("[0-9]+").isEqualTo(pids[1]);
            }
        }
    }

    // ---- 8: SIGINT inherited as ignored ----

    @Test
    void sigintInheritedAsIgnored_stopsTheRun_exit255_likeGnuParallel() throws Exception {
        // `trap '' INT` makes bash start the background command with SIGINT ignored, as a non-interactive
        // shell starts every background command; the script waits (with a deadline) for both jobs to start.
        String script = "trap '' INT; parallel -j2 'echo $$ >> started; sleep {}' ::: 300 300 & pid=$!; i=0; "
                + "while [ \"$(cat started 2>/dev/null | wc -l)\" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.05; "
                + "i=$((i + 1)); done; kill -INT $pid; wait $pid; echo \"exit $?\"";
        for (String tool : new String[] {"parallel", SpoolCli.shellWords(SpoolCli.spoolCommand())}) {
            Files.deleteIfExists(dir.resolve("started"));
            SpoolCli.Result result = bash(script.replace("parallel", tool), Map.of("PARALLEL_SHELL", "/bin/sh"));

            assertThat(result.out()).as(result.toString()).isEqualTo("exit 255\n");
            List<Long> jobs = Files.readAllLines(dir.resolve("started")).stream().map(Long::parseLong).toList();
            assertThat(jobs).hasSize(2);
            dev.spool.testing.Await.until("the jobs of " + tool + " gone", () -> jobs.stream().noneMatch(
                    pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        }
    }

    // ---- 9: exported bash functions, $PARALLEL_SHELL ----

    @Test
    void exportedBashFunction_runsAsInGnuParallel_valuesStayData() throws Exception {
        String script = "f() { printf 'f:%s|%s\\n' \"$1\" \"$2\"; }; export -f f; "
                + "parallel -k f ::: a 'b c' '$(touch pwned)' \"it's\"; "
                + "parallel -k 'f {} x | tr a-z A-Z' ::: a '`touch pwned`'; "
                + "parallel -k echo ::: plain";
        SpoolCli.Result gnu = bash(script, Map.of());
        Files.deleteIfExists(dir.resolve("pwned"));
        SpoolCli.Result spool = bash(script.replace("parallel", SpoolCli.shellWords(SpoolCli.spoolCommand())), Map.of());

        assertThat(gnu.out()).as(gnu.toString()).contains("f:a|").contains("F:A|X");
        assertThat(spool.out()).as(spool.toString()).isEqualTo(gnu.out());
        assertThat(spool.exit()).as(spool.toString()).isEqualTo(gnu.exit()).isZero();
        assertThat(dir.resolve("pwned")).as("a value ran as code").doesNotExist();
    }

    @Test
    void parallelShell_runsShellJobs_likeGnuParallel() throws Exception {
        // bash's echo prints a backslash as is; dash's interprets it: the shell that ran shows
        for (String shell : new String[] {"/bin/bash", "/bin/sh"}) {
            String script = "parallel -k 'echo {} \"\\tx\" | cat' ::: a 'b c'";
            SpoolCli.Result gnu = bash(script, Map.of("PARALLEL_SHELL", shell));
            SpoolCli.Result spool = bash(script.replace("parallel", SpoolCli.shellWords(SpoolCli.spoolCommand())),
                    Map.of("PARALLEL_SHELL", shell));

            assertThat(spool.out()).as("PARALLEL_SHELL=%s: %s", shell, spool).isEqualTo(gnu.out());
        }
    }

    @Test
    void parallelShell_withOtherQuoting_refusedByName_exit255() throws Exception {
        SpoolCli.Result spool = bash(SpoolCli.shellWords(SpoolCli.spoolCommand("echo {} | cat", ":::", "a")),
                Map.of("PARALLEL_SHELL", "/usr/bin/fish"));

        assertThat(spool.exit()).as(spool.toString()).isEqualTo(255);
        assertThat(spool.err()).contains("$PARALLEL_SHELL: '/usr/bin/fish'").doesNotContain("Exception");
    }

    // ---- helpers ----

    /** Runs {@code script} under bash in the test's directory, with GNU parallel's home kept apart. */
    private SpoolCli.Result bash(String script, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("PARALLEL_HOME", dir.resolve("parallel-home").toString());
        return SpoolCli.run(List.of("bash", "-c", script), null, dir, all);
    }

    /** {@link #bash} with every {@code parallel} of {@code gnuScript} run by spool instead. */
    private SpoolCli.Result bashWithSpool(String gnuScript) throws Exception {
        return bash(gnuScript.replace("parallel", SpoolCli.shellWords(SpoolCli.spoolCommand())), Map.of());
    }

}
