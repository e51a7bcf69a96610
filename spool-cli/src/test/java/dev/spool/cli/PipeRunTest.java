package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pipe} beyond the byte-for-byte cases: --round-robin's job count and totals against GNU parallel
 * (which blocks a job gets depends on timing, in both), a stop mid-run (no job left, exit 255, as GNU
 * parallel), many blocks through a few reused buffers, and the options refused with --pipe.
 */
class PipeRunTest {

    @TempDir
    Path dir;

    private Process spool;

    @AfterEach
    void killLeftovers() {
        if (spool != null) {
            spool.descendants().forEach(ProcessHandle::destroyForcibly);
            spool.destroyForcibly();
        }
    }

    @Test
    void roundRobin_oneJobPerSlot_everyLineOnce_asGnuParallel() throws Exception {
        SpoolCli.requireGnuParallel();
        byte[] input = GnuParallelPipeDifferentialTest.Fixtures.lines(20_000).getBytes(StandardCharsets.US_ASCII);
        for (String robin : List.of("--round-robin", "--roundrobin")) {
            List<String> args = List.of("--pipe", robin, "-j3", "--block", "4k", "wc -l");
            SpoolCli.Result gnu = SpoolCli.run(concat(List.of("parallel"), args), input, dir,
                    Map.of("PARALLEL_SHELL", "/bin/sh"));
            SpoolCli.Result spoolRun = SpoolCli.run(SpoolCli.spoolCommand(args.toArray(String[]::new)), input, dir,
                    Map.of());

            assertThat(spoolRun.exit()).as(spoolRun.toString()).isEqualTo(gnu.exit()).isZero();
            assertThat(counts(spoolRun.out())).as("jobs: " + spoolRun.out()).hasSize(counts(gnu.out()).length)
                    .hasSize(3);
            assertThat(Arrays.stream(counts(spoolRun.out())).sum()).isEqualTo(Arrays.stream(counts(gnu.out())).sum())
                    .isEqualTo(20_000);
        }
    }

    @Test
    void roundRobin_fewerBlocksThanSlots_oneJobPerBlock() throws Exception {
        SpoolCli.Result result = SpoolCli.spool("1\n2\n".getBytes(StandardCharsets.US_ASCII), dir,
                "--pipe", "--round-robin", "-j4", "-N1", "wc -l");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(Arrays.stream(counts(result.out())).sum()).isEqualTo(2);
        assertThat(counts(result.out()).length).isBetween(1, 2);
    }

    @Test
    void joblog_sendColumn_bytesOfEachBlockWithItsHeader_asGnuParallel() throws Exception {
        SpoolCli.requireGnuParallel();
        byte[] input = ("h\n" + GnuParallelPipeDifferentialTest.Fixtures.lines(10)).getBytes(StandardCharsets.US_ASCII);
        List<String> logged = new java.util.ArrayList<>();
        for (boolean gnu : List.of(true, false)) {
            Path log = dir.resolve(gnu ? "gnu.log" : "spool.log");
            List<String> args = List.of("-k", "--joblog", log.toString(), "--pipe", "--header", ":", "-N4", "cat; exit 2");
            SpoolCli.Result result = gnu ? SpoolCli.run(concat(List.of("parallel"), args), input, dir,
                    Map.of("PARALLEL_SHELL", "/bin/sh"))
                    : SpoolCli.run(SpoolCli.spoolCommand(args.toArray(String[]::new)), input, dir, Map.of());
            assertThat(result.exit()).as(result.toString()).isEqualTo(3);
            logged.add(Files.readAllLines(log).stream().map(l -> l.split("\t"))
                    .map(f -> String.join("\t", f[0], f[4], f[5], f[6], f[7], f[8])).toList().toString());
        }
        assertThat(logged.get(1)).isEqualTo(logged.get(0)).contains("1\t10\t10\t2\t0\tcat; exit 2");
    }

    @Test
    void manyBlocks_fewBuffers_everyByteOnceInOrder() throws Exception {
        String input = GnuParallelPipeDifferentialTest.Fixtures.lines(200_000); // about 1.3 MB
        SpoolCli.Result result = SpoolCli.spool(input.getBytes(StandardCharsets.US_ASCII), dir,
                "-k", "-j3", "--pipe", "--block", "10k", "cat");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(input);
    }

    @Test
    void sigterm_midRun_noJobLeft_exit255_asGnuParallel() throws Exception {
        Path input = dir.resolve("input");
        Files.writeString(input, GnuParallelPipeDifferentialTest.Fixtures.lines(100_000));
        for (boolean gnu : List.of(true, false)) {
            if (gnu) {
                SpoolCli.requireGnuParallel();
            }
            Path started = dir.resolve(gnu ? "gnu-started" : "spool-started");
            String job = "echo $$ >> " + started + "; sleep 300";
            List<String> args = List.of("--pipe", "--block", "1k", "-j2", job);
            var builder = new ProcessBuilder(gnu ? concat(List.of("parallel"), args)
                    : SpoolCli.spoolCommand(args.toArray(String[]::new)))
                    .directory(dir.toFile()).redirectInput(input.toFile())
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            builder.environment().put("PARALLEL_SHELL", "/bin/sh");
            spool = builder.start();
            Await.until("two jobs started", () -> lines(started).size() == 2);

            new ProcessBuilder("kill", "-TERM", Long.toString(spool.pid())).start().waitFor();

            assertThat(spool.waitFor(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(spool.exitValue()).as(gnu ? "GNU parallel" : "spool").isEqualTo(255);
            for (String pid : lines(started)) {
                Await.until("job " + pid + " gone", () -> ProcessHandle.of(Long.parseLong(pid.trim()))
                        .map(h -> !h.isAlive()).orElse(true));
            }
            assertThat(lines(started)).as("no job started after the stop").hasSize(2);
        }
    }

    @Test
    void pipe_withArgumentSourcesOrPercentHalt_refusedByName() throws Exception {
        assertRefused(List.of("--pipe", "echo", ":::", "a"), "::: is not supported");
        assertRefused(List.of("--pipe", "--halt", "now,fail=10%", "cat"), "--halt with a percentage");
        assertRefused(List.of("--pipe", "-n", "2", "cat"), "-n cannot be used with --pipe");
        assertRefused(List.of("--pipepart", "cat"), "--pipepart needs a file");
        assertRefused(List.of("--pipepart", "-a", "/dev/null", "cat"), "only works on seekable files");
        assertRefused(List.of("--pipe", "--block", "1X", "cat"), "--block: '1X'");
        assertRefused(List.of("--shard", "cat"), "--shard is a GNU parallel option that spool does not support");
    }

    private void assertRefused(List<String> args, String message) throws Exception {
        SpoolCli.Result result = SpoolCli.spool(new byte[0], dir, args.toArray(String[]::new));
        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).as(String.join(" ", args)).contains(message);
    }

    private static int[] counts(String out) {
        return out.lines().mapToInt(l -> Integer.parseInt(l.trim())).toArray();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
