package dev.spool.cli.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.SpoolCli;
import dev.spool.postgres.EmbeddedPostgresServer;
import dev.spool.postgres.JobInfo;
import dev.spool.postgres.JobState;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import dev.spool.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's face of the PostgreSQL queue, with real processes: {@code spool --queue} enqueues, {@code
 * spool worker} processes run the jobs, {@code spool status --joblog} exports them.
 */
class QueueCommandsTest {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgresServer server;
    private static String url;

    private String schema;
    private PgQueue queue;
    private final List<SpoolCli.Started> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = EmbeddedPostgresServer.start();
        url = server.jdbcUrl("postgres");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void migrate() {
        schema = "cli_queue_" + SCHEMAS.incrementAndGet();
        PgSettings settings = PgSettings.of(url).schema(schema);
        PgQueue.migrate(settings);
        queue = PgQueue.open(settings.maxConnections(2));
    }

    @AfterEach
    void close() throws InterruptedException {
        for (SpoolCli.Started process : started) {
            if (process.process().isAlive()) {
                process.process().destroyForcibly();
                process.process().waitFor();
            }
        }
        queue.close();
    }

    /** {@code spool ARGS} with the database and schema of this test first. */
    private List<String> spool(String... args) {
        List<String> all = new ArrayList<>(List.of("--db", url, "--schema", schema));
        all.addAll(List.of(args));
        return SpoolCli.spoolCommand(all.toArray(String[]::new));
    }

    /** {@code spool worker ARGS} with the database and schema of this test. */
    private List<String> worker(String... args) {
        List<String> all = new ArrayList<>(List.of("worker", "--db", url, "--schema", schema));
        all.addAll(List.of(args));
        return SpoolCli.spoolCommand(all.toArray(String[]::new));
    }

    private SpoolCli.Result run(List<String> command) throws Exception {
        return SpoolCli.run(command, null, null, Map.of());
    }

    private SpoolCli.Started start(List<String> command) throws Exception {
        SpoolCli.Started process = SpoolCli.start(command, Map.of());
        started.add(process);
        return process;
    }

    private List<JobInfo> jobs(String queueName) throws Exception {
        return queue.jobs(queueName, 0, 10_000);
    }

    private static CommandResult resultOf(JobInfo job) throws Exception {
        return CommandResult.decode(job.result());
    }

    @Test
    void enqueue_twoWorkers_runEveryJobOnce_withTheLocalRunsQuoting() throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            values.add("v" + i);
        }
        values.add("it's a value");
        values.add("$(echo injected)");
        List<String> args = new ArrayList<>(List.of("--queue", "q", "--retries", "2", "echo out-{} && sleep 0.1",
                ":::"));
        args.addAll(values);
        SpoolCli.Result enqueued = run(spool(args.toArray(String[]::new)));
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();
        assertThat(enqueued.err()).contains("14 jobs enqueued on queue q in schema " + schema);
        assertThat(jobs("q")).hasSize(14).allSatisfy(job -> assertThat(job.maxAttempts()).isEqualTo(2 + QueueSubmit.LOST_ATTEMPTS));

        SpoolCli.Started first = start(worker("--queue", "q", "-j2", "--drain"));
        SpoolCli.Started second = start(worker("--queue", "q", "-j2", "--drain"));
        SpoolCli.Result a = first.finish();
        SpoolCli.Result b = second.finish();
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(b.exit()).as(b.toString()).isZero();

        List<String> printed = new ArrayList<>();
        printed.addAll(a.out().lines().toList());
        printed.addAll(b.out().lines().toList());
        assertThat(printed).containsExactlyInAnyOrderElementsOf(values.stream().map(v -> "out-" + v).toList());
        List<JobInfo> jobs = jobs("q");
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.attempt()).as("attempts of job " + job.id()).isEqualTo(1);
            assertThat(job.errors()).isEqualTo("[]");
        });
        for (int i = 0; i < jobs.size(); i++) {
            CommandResult result = resultOf(jobs.get(i));
            assertThat(result.exitValue()).isZero();
            assertThat(new String(result.stdout(), StandardCharsets.ISO_8859_1)).isEqualTo("out-" + values.get(i) + "\n");
            assertThat(QueuedCommand.decode(jobs.get(i).payload()).seq()).isEqualTo(i + 1);
        }
    }

    @Test
    void wait_printsOutputsInInputOrder_retriesAFailingJob_andExitsWithTheFailures() throws Exception {
        SpoolCli.Started enqueuer = start(spool("--queue", "w", "--wait", "-k", "--tag", "--retries", "2",
                "echo line-{} && test {} != 3", ":::", "1", "2", "3", "4", "5"));
        Await.until("jobs enqueued", () -> {
            try {
                return queue.jobs("w", 0, 10).size() == 5;
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        });
        SpoolCli.Result worked = run(worker("--queue", "w", "-j3", "--drain", "--retry-delay", "0.2"));
        assertThat(worked.exit()).as(worked.toString()).isEqualTo(1);
        assertThat(worked.err()).contains("spool: job 3 attempt 1: exit 1; it will be retried")
                .contains("spool: job 3 attempt 2: exit 1: echo line-3 && test 3 != 3");

        SpoolCli.Result waited = enqueuer.finish();
        assertThat(waited.exit()).as(waited.toString()).isEqualTo(1);
        assertThat(waited.out()).isEqualTo("1\tline-1\n2\tline-2\n3\tline-3\n4\tline-4\n5\tline-5\n");
        JobInfo third = jobs("w").get(2);
        assertThat(third.state()).isEqualTo(JobState.DISCARDED);
        assertThat(third.attempt()).isEqualTo(2);
        assertThat(third.errors()).contains("exit 1 (attempt 1 on").contains("exit 1 (attempt 2 on");
        assertThat(resultOf(third).exitValue()).isEqualTo(1);
    }

    @Test
    void timeout_killsTheJobsWholeProcessGroup_andTheJobIsDiscarded() throws Exception {
        Path pidFile = dir.resolve("pid");
        SpoolCli.Result enqueued = run(spool("--queue", "t", "--timeout", "1",
                "sleep 60 & echo $! > {}; wait", ":::", pidFile.toString()));
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();
        long before = System.nanoTime();
        SpoolCli.Result worked = run(worker("--queue", "t", "-j1", "--drain"));
        assertThat(worked.exit()).as(worked.toString()).isEqualTo(1);
        assertThat((System.nanoTime() - before) / 1e9).isLessThan(30);
        assertThat(worked.err()).contains("spool: job 1 attempt 1: timed out after");
        JobInfo job = jobs("t").getFirst();
        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        CommandResult result = resultOf(job);
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitValue()).isEqualTo(-1);
        long sleeper = Long.parseLong(Files.readString(pidFile).strip());
        Await.until("the job's background sleep is gone", () -> ProcessHandle.of(sleeper).map(p -> !p.isAlive())
                .orElse(true));
    }

    @Test
    void workerKilledMidJob_itsJobIsRescuedByAnotherWorker_andCompletedOnce() throws Exception {
        Path marks = dir.resolve("marks");
        SpoolCli.Result enqueued = run(spool("--queue", "c", "echo started >> {} && sleep 3 && echo done >> {} && echo finished",
                ":::", marks.toString()));
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();
        long id = jobs("c").getFirst().id();
        SpoolCli.Started doomed = start(worker("--queue", "c", "-j1", "--lease", "2"));
        Await.until("the first worker runs the job", () -> Files.exists(marks));
        doomed.process().destroyForcibly(); // SIGKILL
        assertThat(doomed.process().waitFor()).isNotZero();

        SpoolCli.Result rescuer = run(worker("--queue", "c", "-j1", "--lease", "2", "--drain"));
        assertThat(rescuer.exit()).as(rescuer.toString()).isZero();
        assertThat(rescuer.out()).isEqualTo("finished\n");
        JobInfo job = queue.job(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.errors()).contains("\"attempt\": 1").contains("lost");
        // the first attempt's shell died with its worker (the orphan guard): it never wrote "done"
        assertThat(Files.readAllLines(marks)).containsExactly("started", "started", "done");
        assertThat(new String(resultOf(job).stdout(), StandardCharsets.ISO_8859_1)).isEqualTo("finished\n");
    }

    @Test
    void workerHalt_stopsAtTheFirstFailure_withItsStatus_andLeavesTheRestQueued() throws Exception {
        SpoolCli.Result enqueued = run(spool("--queue", "h", "exit {}", ":::", "0", "5", "0", "0", "0"));
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();
        SpoolCli.Result worked = run(worker("--queue", "h", "-j1", "--halt", "now,fail=1"));
        assertThat(worked.exit()).as(worked.toString()).isEqualTo(5);
        var counts = queue.counts("h");
        assertThat(counts.get(JobState.SUCCEEDED)).isEqualTo(1);
        assertThat(counts.get(JobState.DISCARDED)).isEqualTo(1);
        assertThat(counts.get(JobState.AVAILABLE)).isEqualTo(3);
        assertThat(counts.get(JobState.RUNNING)).isZero();
    }

    @Test
    void sigterm_letsTheRunningJobFinish_releasesTheClaimedOnes_exit255() throws Exception {
        Path marks = dir.resolve("marks");
        SpoolCli.Result enqueued = run(spool("--queue", "s", "echo started >> " + marks
                + " && sleep 2 && echo finished {}", ":::", "1", "2", "3"));
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();
        SpoolCli.Started worker = start(worker("--queue", "s", "-j1"));
        Await.until("the worker runs a job", () -> Files.exists(marks));
        worker.process().toHandle().destroy(); // SIGTERM, leaving the pipes open
        SpoolCli.Result stopped = worker.finish();
        assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(255);
        assertThat(stopped.out()).isEqualTo("finished 1\n");
        var counts = queue.counts("s");
        assertThat(counts.get(JobState.SUCCEEDED)).isEqualTo(1);
        assertThat(counts.get(JobState.AVAILABLE)).isEqualTo(2);
        assertThat(jobs("s")).allSatisfy(job -> assertThat(job.attempt()).isEqualTo(job.state() == JobState.SUCCEEDED
                ? 1 : 0));
    }

    @Test
    void statusJoblog_writesGnuParallelsFormat() throws Exception {
        SpoolCli.Result enqueued = run(spool("--queue", "j", "printf %s {}; exit {}", ":::", "0", "3"));
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();
        SpoolCli.Result worked = run(worker("--queue", "j", "-j2", "--drain", "--retry-delay", "0.1"));
        assertThat(worked.exit()).as(worked.toString()).isEqualTo(1);
        Path log = dir.resolve("jobs.log");
        SpoolCli.Result status = SpoolCli.run(SpoolCli.spoolCommand("status", "--db", url, "--schema", schema,
                "--queue", "j", "--joblog", log.toString()), null, null, Map.of());
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("joblog: 2 jobs written to " + log);
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        assertThat(lines.getFirst()).isEqualTo("Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand");
        assertThat(lines).hasSize(3);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        String[] ok = lines.get(1).split("\t", -1);
        String[] failed = lines.get(2).split("\t", -1);
        assertThat(ok).hasSize(9);
        assertThat(Arrays.asList(ok).subList(0, 2)).containsExactly("1", host);
        assertThat(ok[2]).matches("\\d+\\.\\d{3}");
        assertThat(ok[3]).matches(" *\\d+\\.\\d{3}").hasSize(10);
        assertThat(Arrays.asList(ok).subList(4, 9)).containsExactly("0", "1", "0", "0", "printf %s 0; exit 0");
        assertThat(Arrays.asList(failed).subList(4, 9)).containsExactly("0", "1", "3", "0", "printf %s 3; exit 3");
        assertThat(failed[0]).isEqualTo("2");
        // the format a local run reads back for --resume
        assertThat(dev.spool.cli.run.JobLog.read(log)).hasSize(2);
    }

    @Test
    void badInput_oneLineNamingTheThing_exit255_noPassword() throws Exception {
        var env = Map.of("PGPASSWORD", "s3cret-word");
        SpoolCli.Result unreachable = SpoolCli.run(SpoolCli.spoolCommand("--db", "jdbc:postgresql://127.0.0.1:1/nowhere",
                "--queue", "q", "echo", ":::", "a"), null, null, env);
        assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(255);
        assertThat(unreachable.err()).contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere")
                .doesNotContain("s3cret").doesNotContain("\tat ");
        assertThat(unreachable.err().lines().count()).isEqualTo(1);

        SpoolCli.Result noSchema = SpoolCli.run(SpoolCli.spoolCommand("worker", "--db", url, "--schema", "cli_none",
                "--queue", "q"), null, null, env);
        assertThat(noSchema.exit()).as(noSchema.toString()).isEqualTo(255);
        assertThat(noSchema.err()).contains("cli_none").contains("spool db migrate").doesNotContain("\tat ");

        SpoolCli.Result unknownQueue = run(worker("--queue", "nothing-here", "--drain"));
        assertThat(unknownQueue.exit()).as(unknownQueue.toString()).isZero();
        assertThat(unknownQueue.err()).contains("queue nothing-here has no jobs in schema " + schema);

        SpoolCli.Result waitAlone = SpoolCli.run(SpoolCli.spoolCommand("--wait", "echo", ":::", "a"), null, null, env);
        assertThat(waitAlone.exit()).isEqualTo(255);
        assertThat(waitAlone.err()).contains("need --queue NAME");

        SpoolCli.Result slot = run(spool("--queue", "q", "echo", "{%}", ":::", "a"));
        assertThat(slot.exit()).isEqualTo(255);
        assertThat(slot.err()).contains("uses the job slot ({%})");

        SpoolCli.Result joblog = run(spool("--queue", "q", "--joblog", dir.resolve("x").toString(), "echo", ":::", "a"));
        assertThat(joblog.exit()).isEqualTo(255);
        assertThat(joblog.err()).contains("do not apply to queued jobs: --joblog");
        assertThat(jobs("q")).isEmpty();
    }
}
