package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sem} ({@code spool --semaphore}): GNU parallel's own example run through GNU's sem and through
 * spool's, and the semaphore's promises: never more than N commands at once, {@code --wait} waits for all,
 * a slot comes back when its holder is killed.
 */
class SemaphoreTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGnuParallel() {
        SpoolCli.requireGnuParallel();
    }

    @Test
    void toiletExample_sameOutputAsGnuSem() throws Exception {
        String script = String.join("\n",
                "sem -j 2 'sleep 1;echo 1 finished';   echo sem 1 exited",
                "sem -j 2 'sleep 2;echo 2 finished';   echo sem 2 exited",
                "sem -j 2 'sleep 3;echo 3 finished';   echo sem 3 exited",
                "sem --wait; echo sem --wait done",
                "sem --fg 'echo fg; exit 3'; echo \"fg exit $?\"",
                "sem --id x --fg echo 'a  b' '$HOME' | sed \"s|$HOME|HOME|\"");

        SpoolCli.Result gnu = bash("sem() { command sem \"$@\"; }\n" + script, "gnu");
        SpoolCli.Result spool = bash("sem() { " + semCommand() + " \"$@\"; }\n" + script, "spool");

        assertThat(gnu.out()).as(gnu.toString()).contains("sem --wait done").contains("fg exit 3");
        // Before --wait, when "1 finished" comes relative to "sem 2 exited" depends on how fast each sem
        // starts (a JVM under load may take a second): the same lines, in any order; from --wait on, exact.
        assertThat(beforeWait(spool.out())).as(spool.toString()).isEqualTo(beforeWait(gnu.out()));
        assertThat(fromWait(spool.out())).as(spool.toString()).isEqualTo(fromWait(gnu.out()));
        assertThat(spool.exit()).isEqualTo(gnu.exit());
    }

    @Test
    void jobsTwo_neverMoreThanTwoAtOnce_waitWaitsForAll() throws Exception {
        Files.createDirectories(dir.resolve("running"));
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            script.append(semCommand()).append(" -j2 --id limit 'touch running/").append(i)
                    .append("; ls running | wc -l >> counts; sleep 0.3; rm running/").append(i).append("'\n");
        }
        script.append(semCommand()).append(" --id limit --wait; ls running | wc -l; wc -l < counts\n");

        SpoolCli.Result result = bash(script.toString(), "limit");

        assertThat(result.out()).as(result.toString()).isEqualTo("0\n6\n");
        List<String> counts = Files.readAllLines(dir.resolve("counts"));
        assertThat(counts).hasSize(6).allSatisfy(c -> assertThat(Integer.parseInt(c.strip())).isBetween(1, 2));
    }

    @Test
    void holderKilled_slotComesBack_negativeTimeoutGivesUp() throws Exception {
        String sem = semCommand();
        // the first command holds the only slot for a long time; its holder is then killed
        String script = sem + " --id k 'echo $PPID > holder; exec sleep 60'\n"
                + sem + " --id k --st -1 --fg 'echo ran'; echo \"gave up $?\"\n"
                + "kill -9 $(cat holder)\n"
                + sem + " --id k --fg 'echo after'\n";

        SpoolCli.Result result = bash(script, "k");

        assertThat(result.out()).as(result.toString()).isEqualTo("gave up 1\nafter\n");
        // the sleep of the killed holder is left running, as with GNU sem; end it here
        bash("pkill -f 'exec sleep 60' || true", "k");
    }

    private static List<String> beforeWait(String out) {
        return out.substring(0, out.indexOf("sem --wait done")).lines().sorted().toList();
    }

    private static String fromWait(String out) {
        return out.substring(out.indexOf("sem --wait done"));
    }

    @Test
    void mutexScript_semAsShebangWrap_runsTheScriptAsGnuSemDoes() throws Exception {
        // parallel_examples "Mutex for a script": #!/usr/bin/sem --shebang-wrap -u --id $0 --fg /bin/bash
        // (the kernel passes "--shebang-wrap -u --id $0 --fg /bin/bash" to sem as one argument)
        Path wrapper = dir.resolve("sem-under-test");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + semCommand() + " \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        Map<String, String> outputs = new java.util.HashMap<>();
        for (String sem : new String[] {"/usr/bin/sem", wrapper.toString()}) {
            Path script = dir.resolve("mutex_script");
            Files.writeString(script, "#!" + sem + " --shebang-wrap -u --id $0 --fg /bin/bash\n\necho This will run"
                    + " \"$1\"\necho exclusively\n");
            script.toFile().setExecutable(true);
            SpoolCli.Result result = bash("./mutex_script first; echo \"exit $?\"", "wrap");
            outputs.put(sem, result.out());
        }

        // GNU's sem passes the script's own arguments after a ::: that its one job does not read: $1 is empty
        assertThat(outputs.get("/usr/bin/sem")).isEqualTo("This will run \nexclusively\nexit 0\n");
        assertThat(outputs.get(wrapper.toString())).isEqualTo(outputs.get("/usr/bin/sem"));
    }

    private String semCommand() {
        return SpoolCli.shellWords(SpoolCli.spoolCommand("--semaphore"));
    }

    private SpoolCli.Result bash(String script, String home) throws Exception {
        Path parallelHome = Files.createDirectories(dir.resolve("home-" + home));
        return SpoolCli.run(List.of("bash", "-c", script), null, dir,
                Map.of("PARALLEL_HOME", parallelHome.toString(), "PARALLEL_SHELL", "/bin/sh"));
    }
}
