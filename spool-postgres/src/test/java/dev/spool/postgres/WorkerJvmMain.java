package dev.spool.postgres;

import dev.spool.pool.Pool;
import dev.spool.pool.RetryPolicy;
import dev.spool.pool.TaskContext;
import dev.spool.pool.WorkerKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;

/**
 * A worker JVM for the crash tests: serves queue "q" with the tasks "noop" (returns its input), "brief" (sleeps 1 ms), "slow" (700 ms) and
 * "hang-first" (attempt 1 hangs until the JVM is killed; later attempts return). Prints one line per event:
 * {@code ready <worker id>}, {@code ran <job> <attempt>}, {@code done <job> <attempt> <state> <applied>}, and
 * {@code stopped} after a graceful stop, which the line {@code stop} on stdin (or its end) asks for.
 *
 * <p>Arguments: JDBC URL, schema, pool workers, lease in milliseconds.
 */
public final class WorkerJvmMain {

    public static void main(String[] args) throws Exception {
        PgSettings settings = PgSettings.of(args[0]).schema(args[1]);
        int workers = Integer.parseInt(args[2]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        PgQueue queue = PgQueue.open(settings);
        Pool pool = Pool.builder().kind(WorkerKind.VIRTUAL).workers(workers).build();
        PgWorker worker = PgWorker.builder(queue, pool).queues("q").lease(lease)
                .backoff(RetryPolicy.attempts(Integer.MAX_VALUE).fixedDelay(Duration.ofMillis(50)))
                .task("noop", (String input, TaskContext context) -> {
                    System.out.println("ran " + context.seq() + " " + context.attempt());
                    return input;
                }, new TextCodec(), new TextCodec())
                .task("brief", (String input, TaskContext context) -> {
                    System.out.println("ran " + context.seq() + " " + context.attempt());
                    Thread.sleep(1);
                    return input;
                }, new TextCodec(), new TextCodec())
                .task("slow", (String input, TaskContext context) -> {
                    System.out.println("ran " + context.seq() + " " + context.attempt());
                    Thread.sleep(Duration.ofMillis(700));
                    return input;
                }, new TextCodec(), new TextCodec())
                .task("hang-first", (String input, TaskContext context) -> {
                    System.out.println("ran " + context.seq() + " " + context.attempt());
                    if (context.attempt() == 1) {
                        Thread.sleep(Duration.ofHours(1)); // until this JVM is killed
                    }
                    return input;
                }, new TextCodec(), new TextCodec())
                .listener((id, attempt, state, applied) ->
                        System.out.println("done " + id + " " + attempt + " " + state + " " + applied))
                .start();
        System.out.println("ready " + worker.id());
        try (var in = new BufferedReader(new InputStreamReader(System.in))) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                // wait for the stop
            }
        }
        worker.close();
        queue.close();
        System.out.println("stopped");
    }
}
