package dev.spool.bench;

import dev.spool.pool.Pool;
import dev.spool.pool.TaskContext;
import dev.spool.postgres.EmbeddedPostgresServer;
import dev.spool.postgres.NewJob;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import dev.spool.postgres.PgWorker;
import dev.spool.postgres.TextCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL queue's throughput and latency with default settings: bulk enqueue of N no-op jobs, then
 * worker JVMs (default {@code Pool.builder().build()} and default {@code PgWorker}) work until none is left;
 * then the latency from enqueue to start on an idle worker. Not a JMH benchmark: one run per shape, whole
 * JVMs, real server.
 *
 * <pre>
 * java -cp spool-bench/target/benchmarks.jar dev.spool.bench.PgQueueBench [--jobs 20000,100000] [--jvms 1,2,4]
 *      [--latency 200]
 * </pre>
 *
 * Uses the server {@code SPOOL_PG_URL} names, else starts an embedded one. Prints one line per run.
 */
public final class PgQueueBench {

    private PgQueueBench() {}

    public static void main(String[] args) throws Exception {
        int[] jobCounts = {20_000};
        int[] jvmCounts = {1};
        int latencyJobs = 200;
        int churn = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--jobs" -> jobCounts = ints(args[i + 1]);
                case "--jvms" -> jvmCounts = ints(args[i + 1]);
                case "--latency" -> latencyJobs = Integer.parseInt(args[i + 1]);
                case "--churn" -> churn = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String external = System.getenv(PgSettings.URL_VARIABLE);
        EmbeddedPostgresServer server = external == null ? EmbeddedPostgresServer.start() : null;
        String url = server != null ? server.jdbcUrl("postgres") : external;
        try {
            int run = 0;
            for (int jobs : jobCounts) {
                for (int jvms : jvmCounts) {
                    throughput(url, "bench" + (++run), jobs, jvms);
                }
            }
            if (latencyJobs > 0) {
                latency(url, "bench_latency", latencyJobs);
            }
            if (churn > 0) {
                churn(url, "bench_churn", churn);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static void throughput(String url, String schema, int jobs, int jvms) throws Exception {
        PgSettings settings = PgSettings.of(url).schema(schema);
        PgQueue.migrate(settings);
        List<Process> workers = new ArrayList<>();
        try (PgQueue queue = PgQueue.open(settings)) {
            for (int i = 0; i < jvms; i++) {
                workers.add(new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
                        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        WorkerMain.class.getName(), url, schema)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            for (Process worker : workers) {
                expect(worker, "ready");
            }
            long t0 = System.nanoTime();
            List<NewJob> batch = new ArrayList<>(10_000);
            for (int i = 0; i < jobs; i++) {
                batch.add(NewJob.of("bench", "noop"));
                if (batch.size() == 10_000 || i == jobs - 1) {
                    queue.enqueueAll(batch);
                    batch.clear();
                }
            }
            double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            for (Process worker : workers) {
                send(worker, "go");
            }
            while (queue.unfinished("bench") > 0) {
                Thread.sleep(20); // polling the table (cheaply: it competes for the same 2 cores) as the clock
            }
            double workSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "spool-postgres jobs=%d jvms=%d enqueue=%.0f/s (%.3f s) work=%.0f/s"
                    + " (%.3f s)%n", jobs, jvms, jobs / enqueueSeconds, enqueueSeconds, jobs / workSeconds,
                    workSeconds);
        } finally {
            for (Process worker : workers) {
                send(worker, "stop");
                if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
        }
    }

    private static void latency(String url, String schema, int jobs) throws Exception {
        PgSettings settings = PgSettings.of(url).schema(schema);
        PgQueue.migrate(settings);
        LinkedBlockingQueue<Long> starts = new LinkedBlockingQueue<>();
        try (PgQueue queue = PgQueue.open(settings)) {
            Pool pool = Pool.builder().build();
            PgWorker worker = PgWorker.builder(queue, pool).queues("latency")
                    .task("mark", (String s, TaskContext c) -> starts.add(System.nanoTime()), new TextCodec())
                    .start();
            try {
                while (!worker.isListening()) {
                    Thread.sleep(10); // until the worker listens: its start-up is not latency
                }
                long[] micros = new long[jobs];
                for (int i = 0; i < jobs; i++) {
                    Thread.sleep(20); // an idle worker: its claimer back in its wait
                    long t0 = System.nanoTime();
                    queue.enqueue(NewJob.of("latency", "mark").payload(""));
                    Long started = starts.poll(30, TimeUnit.SECONDS);
                    if (started == null) {
                        throw new IllegalStateException("job " + i + " did not start within 30 s");
                    }
                    micros[i] = (started - t0) / 1_000;
                }
                Arrays.sort(micros);
                System.out.printf(Locale.ROOT, "spool-postgres latency enqueue-to-start jobs=%d p50=%.2f ms"
                        + " p99=%.2f ms max=%.2f ms%n", jobs, micros[jobs / 2] / 1e3,
                        micros[(int) Math.ceil(jobs * 0.99) - 1] / 1e3, micros[jobs - 1] / 1e3);
            } finally {
                worker.close();
            }
        }
    }

    /**
     * {@code jobs} no-op jobs through one default worker, enqueued 10,000 at a time while at most 50,000
     * wait, then the table's size (heap, indexes, TOAST) with the default retention.
     */
    private static void churn(String url, String schema, int jobs) throws Exception {
        PgSettings settings = PgSettings.of(url).schema(schema);
        PgQueue.migrate(settings);
        try (PgQueue queue = PgQueue.open(settings)) {
            PgWorker worker = PgWorker.builder(queue, Pool.builder().build()).queues("churn")
                    .task("noop", (String s, TaskContext c) -> null, new TextCodec()).start();
            long t0 = System.nanoTime();
            List<NewJob> batch = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++) {
                batch.add(NewJob.of("churn", "noop"));
            }
            for (int sent = 0; sent < jobs; sent += batch.size()) {
                while (queue.unfinished("churn") > 40_000) {
                    Thread.sleep(50); // backpressure: keep the backlog bounded
                }
                queue.enqueueAll(batch);
            }
            while (queue.unfinished("churn") > 0) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            worker.close();
            try (var connection = queue.connection(); var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('"
                         + schema + ".jobs')), pg_size_pretty(pg_indexes_size('" + schema + ".jobs'))"
                         + " FROM " + schema + ".jobs")) {
                rows.next();
                System.out.printf(Locale.ROOT, "spool-postgres churn jobs=%d in %.1f s (%.0f/s): table rows=%d"
                        + " total size=%s (indexes %s) with the default retention%n", jobs, seconds,
                        jobs / seconds, rows.getLong(1), rows.getString(2), rows.getString(3));
            }
        }
    }

    private static void expect(Process process, String line) throws Exception {
        var reader = process.inputReader();
        String got = reader.readLine();
        if (!line.equals(got)) {
            throw new IllegalStateException("worker " + process.pid() + " said '" + got + "', not '" + line + "'");
        }
    }

    private static void send(Process process, String line) {
        try {
            OutputStream out = process.getOutputStream();
            out.write((line + "\n").getBytes());
            out.flush();
        } catch (java.io.IOException e) {
            // the worker has gone; waitFor tells
        }
    }

    /** A worker JVM with default settings: waits for "go", works, stops on "stop". */
    public static final class WorkerMain {
        public static void main(String[] args) throws Exception {
            PgSettings settings = PgSettings.of(args[0]).schema(args[1]);
            try (PgQueue queue = PgQueue.open(settings);
                 var in = new BufferedReader(new InputStreamReader(System.in))) {
                System.out.println("ready");
                if (!"go".equals(in.readLine())) {
                    return;
                }
                PgWorker worker = PgWorker.builder(queue, Pool.builder().build()).queues("bench")
                        .task("noop", (String s, TaskContext c) -> null, new TextCodec()).start();
                in.readLine();
                worker.close();
            }
        }
    }
}
