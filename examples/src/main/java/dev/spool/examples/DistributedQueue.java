package dev.spool.examples;

import dev.spool.pool.Pool;
import dev.spool.pool.TaskContext;
import dev.spool.postgres.EmbeddedPostgresServer;
import dev.spool.postgres.JobInfo;
import dev.spool.postgres.JobState;
import dev.spool.postgres.NewJob;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import dev.spool.postgres.PgWorker;
import dev.spool.postgres.TextCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Many machines, one queue: a producer and three worker JVMs share one durable queue on PostgreSQL (a real
 * server that the example starts itself from a Maven artifact). The producer enqueues 300 jobs in one
 * statement; each worker JVM claims batches under a lease and records every outcome in the table; the
 * producer then reads the table and prints who ran what.
 *
 * <p>On several machines, point every JVM at the same server ({@code SPOOL_PG_URL}) instead.
 */
public final class DistributedQueue {

    private static final int JOBS = 300;
    private static final int WORKERS = 3;

    private DistributedQueue() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--worker")) {
            worker(args[1], args[2]);
            return;
        }
        try (var server = EmbeddedPostgresServer.start()) {
            PgSettings settings = PgSettings.of(server.jdbcUrl("postgres")).schema("example");
            PgQueue.migrate(settings);
            try (PgQueue queue = PgQueue.open(settings)) {
                List<Process> workers = new ArrayList<>();
                for (int i = 1; i <= WORKERS; i++) {
                    workers.add(startWorker(settings.url(), "worker-" + i));
                }
                for (Process worker : workers) {
                    worker.inputReader().readLine(); // "ready"
                }
                System.out.println("producer: " + WORKERS + " worker JVMs are listening on one PostgreSQL queue");

                List<NewJob> jobs = new ArrayList<>();
                for (int i = 1; i <= JOBS; i++) {
                    jobs.add(NewJob.of("squares", "square").payload(Integer.toString(i)));
                }
                long[] ids = queue.enqueueAll(jobs);
                System.out.println("producer: enqueued " + JOBS + " jobs in one statement");
                while (queue.unfinished("squares") > 0) {
                    if (workers.stream().noneMatch(Process::isAlive)) {
                        throw new IllegalStateException("every worker JVM has exited with jobs left undone");
                    }
                    Thread.sleep(50); // the table is the only thing producer and workers share
                }

                Map<String, Integer> ranBy = new TreeMap<>();
                long sum = 0;
                for (long id : ids) {
                    JobInfo job = queue.job(id).orElseThrow();
                    if (job.state() != JobState.SUCCEEDED || job.attempt() != 1) {
                        throw new IllegalStateException("job " + id + " is " + job.state() + " after " + job.attempt()
                                + " attempts");
                    }
                    ranBy.merge(job.worker(), 1, Integer::sum);
                    sum += Long.parseLong(new String(job.result(), StandardCharsets.UTF_8));
                }
                ranBy.forEach((worker, count) -> System.out.println(worker + " ran " + count + " jobs"));
                System.out.println("sum of the results " + sum + " (expected " + (long) JOBS * (JOBS + 1) * (2L * JOBS + 1) / 6
                        + ")");
                for (Process worker : workers) {
                    worker.getOutputStream().close(); // end of stdin: stop gracefully
                    if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                        worker.destroyForcibly();
                    }
                }
                System.out.println("ok: every job succeeded on its first attempt, each recorded once");
            }
        }
    }

    private static Process startWorker(String url, String name) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                DistributedQueue.class.getName(), "--worker", url, name)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** A worker JVM: serves the queue "squares" until its stdin ends. */
    private static void worker(String url, String name) throws Exception {
        PgSettings settings = PgSettings.of(url).schema("example");
        try (PgQueue queue = PgQueue.open(settings)) {
            Pool pool = Pool.builder().name(name).workers(2).build();
            PgWorker worker = PgWorker.builder(queue, pool).id(name + " (pid " + ProcessHandle.current().pid() + ")")
                    .queues("squares").lease(Duration.ofSeconds(5))
                    .task("square", (String n, TaskContext context) -> {
                        long value = Long.parseLong(n);
                        return Long.toString(value * value);
                    }, new TextCodec(), new TextCodec())
                    .start();
            System.out.println("ready");
            System.out.flush();
            try (var in = new BufferedReader(new InputStreamReader(System.in))) {
                while (in.readLine() != null) {
                    // until the producer closes our stdin
                }
            }
            worker.close();
        }
    }
}
