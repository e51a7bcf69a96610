package dev.spool.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.Await;
import dev.spool.testing.ChildJvm;
import dev.spool.testing.TestTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Real worker JVMs against a real server: killed workers, cut connections, a restarted server. */
class WorkerCrashTest {

    private static final String LEASE_MILLIS = "2000";
    private static final Pattern DONE = Pattern.compile("done (\\d+) (\\d+) (\\w+) (true|false)");

    static ChildJvm startWorker(String url, PgSettings settings, String appName, int threads) throws Exception {
        return startWorker(url, settings, appName, threads, new HashMap<>());
    }

    /** Starts a worker JVM and waits until it is ready; puts its worker id in {@code ids}. */
    static ChildJvm startWorker(String url, PgSettings settings, String appName, int threads,
                                Map<ChildJvm, String> ids) throws Exception {
        String separator = url.contains("?") ? "&" : "?";
        ChildJvm child = ChildJvm.start(WorkerJvmMain.class, url + separator + "ApplicationName=" + appName,
                settings.schema(), Integer.toString(threads), LEASE_MILLIS);
        ids.put(child, child.expectLine("ready .*").substring("ready ".length()));
        return child;
    }

    static List<String> stopWorker(ChildJvm child) throws Exception {
        child.stdin().write("stop\n".getBytes());
        child.stdin().flush();
        List<String> lines = child.remainingLines();
        assertThat(lines).as("stopped gracefully").contains("stopped");
        return lines;
    }

    static void kill(ChildJvm child) throws Exception {
        ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
        handle.destroyForcibly(); // SIGKILL
        handle.onExit().get(TestTimeouts.LONG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    static long[] enqueueNoops(PgQueue queue, int count) throws Exception {
        return enqueue(queue, "noop", count);
    }

    static long[] enqueue(PgQueue queue, String task, int count) throws Exception {
        List<NewJob> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(NewJob.of("q", task).payload("p" + i));
        }
        return queue.enqueueAll(jobs);
    }

    /** Applied "succeeded" completions per job in the given lines. */
    static Map<Long, Integer> appliedSuccesses(List<String> lines) {
        Map<Long, Integer> counts = new HashMap<>();
        for (String line : lines) {
            Matcher m = DONE.matcher(line);
            if (m.matches() && m.group(3).equals("succeeded") && m.group(4).equals("true")) {
                counts.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The jobs recorded as succeeded more than once, with their counts. */
    static Map<Long, Integer> twice(Map<Long, Integer> applied) {
        Map<Long, Integer> more = new HashMap<>();
        applied.forEach((id, n) -> {
            if (n != 1) {
                more.put(id, n);
            }
        });
        return more;
    }

    static void awaitAllSucceeded(PgQueue queue, int count) throws InterruptedException {
        Await.within(TestTimeouts.scaled(Duration.ofSeconds(120)), count + " jobs succeeded", () -> {
            try {
                return queue.counts("q").get(JobState.SUCCEEDED) == count;
            } catch (java.sql.SQLException e) {
                return false; // the server may be restarting
            }
        });
    }

    @Test
    void sigkilledWorker_itsJobIsRescuedAndCompletedOnce() throws Exception {
        PgSettings settings = TestDatabase.migratedSchema();
        try (PgQueue queue = PgQueue.open(settings)) {
            long id = queue.enqueue(NewJob.of("q", "hang-first").payload("x")).orElseThrow();
            String killedId;
            try (ChildJvm first = ChildJvm.start(WorkerJvmMain.class, TestDatabase.url(), settings.schema(), "2",
                    LEASE_MILLIS)) {
                killedId = first.expectLine("ready .*").substring("ready ".length());
                first.expectLine("ran " + id + " 1");
                kill(first);
            }
            try (ChildJvm second = startWorker(TestDatabase.url(), settings, "second", 2)) {
                second.expectLine("ran " + id + " 2");
                second.expectLine("done " + id + " 2 succeeded true");
                List<String> rest = stopWorker(second);
                assertThat(rest).noneMatch(line -> line.startsWith("done " + id + " "));
            }
            JobInfo info = queue.job(id).orElseThrow();
            assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(info.attempt()).isEqualTo(2);
            assertThat(info.errors()).as("one lost attempt, by the killed worker").contains(killedId)
                    .contains("\"outcome\": \"lost\"");
            assertThat(info.errors().split("\"attempt\"")).hasSize(2);
        }
    }

    @Test
    void sigterm_runningJobsFinish_unstartedOnesAreReleased_andTheJvmExits() throws Exception {
        PgSettings settings = TestDatabase.migratedSchema();
        try (PgQueue queue = PgQueue.open(settings)) {
            long[] ids = enqueue(queue, "slow", 10);
            Map<ChildJvm, String> workerIds = new HashMap<>();
            try (ChildJvm worker = startWorker(TestDatabase.url(), settings, "term", 2, workerIds)) {
                worker.expectLine("ran \\d+ 1");
                worker.expectLine("ran \\d+ 1"); // both threads busy; two more claimed, waiting
                worker.signal("TERM");
                assertThat(worker.exitCode(TestTimeouts.LONG)).isEqualTo(128 + 15);
                List<String> lines = worker.remainingLines();
                assertThat(lines.stream().filter(l -> l.matches("done \\d+ 1 succeeded true"))).hasSize(2);
                assertThat(lines.stream().filter(l -> l.matches("done \\d+ 1 released true"))).hasSize(2);
            }
            assertThat(queue.counts("q")).containsEntry(JobState.SUCCEEDED, 2L).containsEntry(JobState.RUNNING, 0L)
                    .containsEntry(JobState.AVAILABLE, 8L);
            for (long id : ids) {
                JobInfo info = queue.job(id).orElseThrow();
                if (info.state() == JobState.AVAILABLE) {
                    assertThat(info.attempt()).as("job %d: released, no attempt used", id).isZero();
                }
            }
        }
    }

    @Test
    void terminatedConnections_workerRecovers_andCompletesEveryJobOnce() throws Exception {
        PgSettings settings = TestDatabase.migratedSchema();
        int count = 3_000;
        try (PgQueue queue = PgQueue.open(settings);
             ChildJvm worker = startWorker(TestDatabase.url(), settings, "victim_" + settings.schema(), 4)) {
            enqueueNoops(queue, count);
            String app = "victim_" + settings.schema();
            worker.expectLine("done .*");
            for (int cut = 0; cut < 3; cut++) {
                // Wait until the worker is connected again (it reconnects by itself), then cut it off.
                Await.until("worker connected", () -> victimConnections(app) > 0);
                try (var connection = TestDatabase.connect(); var terminate = connection.prepareStatement(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
                    terminate.setString(1, app);
                    try (var rows = terminate.executeQuery()) {
                        rows.next();
                        assertThat(rows.getLong(1)).as("connections cut").isPositive();
                    }
                }
            }
            awaitAllSucceeded(queue, count);
            List<String> lines = stopWorker(worker);
            Map<Long, Integer> applied = appliedSuccesses(lines);
            assertThat(twice(applied)).as("jobs completed twice").isEmpty();
            assertThat(queue.counts("q")).containsEntry(JobState.SUCCEEDED, (long) count)
                    .containsEntry(JobState.RUNNING, 0L).containsEntry(JobState.AVAILABLE, 0L);
        }
    }

    private static long victimConnections(String app) {
        try (var connection = TestDatabase.connect(); var select = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            select.setString(1, app);
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void serverRestartMidRun_workersReconnect_andNothingIsLost() throws Exception {
        // Its own server, whatever SPOOL_PG_URL says: this test kills it.
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            String url = server.jdbcUrl("postgres");
            PgSettings settings = PgSettings.of(url).schema("restart");
            PgQueue.migrate(settings);
            int count = 4_000;
            try (PgQueue queue = PgQueue.open(settings);
                 ChildJvm a = startWorker(url, settings, "a", 4);
                 ChildJvm b = startWorker(url, settings, "b", 4)) {
                enqueueNoops(queue, count);
                a.expectLine("done .*");
                server.restart(true); // SIGKILL of the postmaster: crash recovery, every connection cut
                b.expectLine("done .*");
                server.restart(false); // and a fast shutdown
                awaitAllSucceeded(queue, count);
                List<String> lines = new ArrayList<>(stopWorker(a));
                lines.addAll(stopWorker(b));
                assertThat(twice(appliedSuccesses(lines))).as("jobs completed twice").isEmpty();
                assertThat(queue.counts("q")).containsEntry(JobState.SUCCEEDED, (long) count)
                        .containsEntry(JobState.RUNNING, 0L);
            }
        }
    }
}
