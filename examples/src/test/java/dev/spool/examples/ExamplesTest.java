package dev.spool.examples;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs every example's {@code main} in a child JVM and checks what it prints and that it exits 0. */
class ExamplesTest {

    @Test
    void producerConsumer_run_printsExactTotalsAndExitsZero() throws Exception {
        ExampleRun.of(ProducerConsumer.class).assertPrinted(
                "spool producer-consumer: 2 producers -> queue (capacity 16) -> 3 consumers",
                "produced 1000, consumed 1000, sum 500500 (expected 500500)",
                Pattern.compile("consumers took: consumer-1 \\d+, consumer-2 \\d+, consumer-3 \\d+"),
                "put after close: refused with QueueClosedException",
                "ok: nothing lost, nothing twice");
    }

    @Test
    void stopFlag_run_everyWorkerStopsAndQueuedTasksAreNotRun() throws Exception {
        Pattern stoppedByHand = Pattern.compile("worker-\\d: stopped after [1-9]\\d* units \\(main asked everyone to stop\\)");
        Pattern sawToken = Pattern.compile("succeeded: saw the stop token after [1-9]\\d* units");
        String notRun = "not run: pool stop-demo stopped, before the task started";
        ExampleRun.of(StopFlag.class).assertPrinted(
                "part 1: 3 threads check one StopToken between units of work",
                "main: every thread is working; requesting stop",
                stoppedByHand, stoppedByHand, stoppedByHand,
                "part 2: Pool.stop() with 2 long tasks running and 3 queued",
                "main: both workers are busy; calling pool.stop()",
                Pattern.compile("task 1: " + sawToken),
                Pattern.compile("task 2: " + sawToken),
                "task 3: " + notRun,
                "task 4: " + notRun,
                "task 5: " + notRun,
                "pool terminated; main returns and the JVM exits");
    }

    @Test
    void threadItOut_run_dispatchesEverythingBeforeAnyResultAndCollectsAll() throws Exception {
        ExampleRun.of(ThreadItOut.class).assertPrinted(
                "thread it out: main dispatches 200 tasks, a collector takes the results",
                "main: dispatched 200 tasks; results collected meanwhile: 0",
                "collector: 200 outcomes: 196 succeeded, 4 failed; sum of squares 2611700",
                "dispatching never blocked on a result");
    }

    @Test
    void monitoring_run_countsEveryEventAndPrintsProgress() throws Exception {
        ExampleRun.of(Monitoring.class).assertPrinted(
                "monitoring: 100 tasks on 2 workers, events counted by a listener",
                Pattern.compile("progress: 25/100 outcomes \\(25%\\); the listener has seen \\d+ finished"),
                Pattern.compile("progress: 50/100 outcomes \\(50%\\); the listener has seen \\d+ finished"),
                Pattern.compile("progress: 75/100 outcomes \\(75%\\); the listener has seen \\d+ finished"),
                Pattern.compile("progress: 100/100 outcomes \\(100%\\); the listener has seen \\d+ finished"),
                "events: submitted 100, started 105, retried 5, finished 100",
                "outcomes: 94 succeeded, 5 failed, 1 timed out, 0 cancelled, 0 not run",
                "workers: 2 up, 2 down",
                Pattern.compile("stats: monitored: 100/100 done .*p50 .*"));
    }

    @Test
    void threadsVsProcesses_run_printsBothTimingsAndSameResults() throws Exception {
        ExampleRun.of(ThreadsVsProcesses.class).assertPrinted(
                "cpu-bound: 8 tasks of 40M xorshift rounds on 2 workers",
                Pattern.compile("threads   \\(PLATFORM\\): \\d+\\.\\d\\d s for the tasks, \\d+ ms to start the workers"),
                Pattern.compile("processes \\(PROCESS\\): \\d+\\.\\d\\d s for the tasks, \\d+ ms to start the workers"),
                "same results on both: true");
    }

    @Test
    void signalBroadcast_run_sigintStopsEveryChild() throws Exception {
        Pattern stopped = Pattern.compile("task \\d: stopped after \\d+ units, in a child JVM");
        ExampleRun.of(SignalBroadcast.class).assertPrinted(
                "parent: 3 child JVMs are working; sending SIGINT to myself",
                "parent: got SIGINT, stopping every pool",
                stopped, stopped, stopped,
                "parent: pool terminated; 3 of 3 children have exited");
    }

    @Test
    void crawler_run_bothWaysFetchEveryReachablePageOnce() throws Exception {
        ExampleRun.of(Crawler.class).assertPrinted(
                Pattern.compile("crawler: an in-memory web of 500 pages, \\d+ reachable from page 0"),
                Pattern.compile("pool \\+ awaitQuiescence: fetched \\d+ pages, each once: true"),
                Pattern.compile("pipeline \\(fetch -> parse -> back to fetch, buffers of 1\\): fetched \\d+ pages,"
                        + " each once: true; \\d+ outcomes, 0 failed"),
                "ok: both ended exactly when every reachable page was fetched");
    }

    @Test
    void etl_run_reportsEveryStageAndABottleneckAndOneOutcomePerRecord() throws Exception {
        ExampleRun.of(Etl.class).assertPrinted(
                "etl: 2000 records, download (32 virtual) -> parse (2 platform) -> store (1)",
                "pipeline etl: 0 in flight, 0 outcomes unread",
                "  download  virtual x32: queued 0/32, busy 0/32, done 2,000 (0 failed, 0 filtered)",
                "  parse     platform x2: queued 0/8, busy 0/2, done 2,000 (20 failed, 0 filtered)",
                "  store     platform x1: queued 0/8, busy 0/1, done 1,980 (0 failed, 0 filtered)",
                Pattern.compile("most often during the run: bottleneck: (stage '(download|parse|store)' .*|none seen)"),
                "outcomes: 2000, succeeded 1980, failed 20 (stored 1980)",
                Pattern.compile("first failure: record \\d*99 at stage 'parse': failed"),
                "ok: every record ended in exactly one outcome");
    }

    @Test
    void distributedQueue_run_threeWorkerJvmsShareTheJobsAndEachIsRecordedOnce() throws Exception {
        Pattern ranSome = Pattern.compile("worker-\\d \\(pid \\d+\\) ran \\d+ jobs");
        ExampleRun.of(DistributedQueue.class).assertPrinted(
                "producer: 3 worker JVMs are listening on one PostgreSQL queue",
                "producer: enqueued 300 jobs in one statement",
                ranSome, ranSome, ranSome,
                "sum of the results 9045050 (expected 9045050)",
                "ok: every job succeeded on its first attempt, each recorded once");
    }
}
