package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import dev.spool.testing.TestTimeouts;
import dev.spool.testing.ThreadDumps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Stops at every moment: maps of random shape (order, window, chunks, task length) ended at a random moment
 * by a random means (stop, stopNow, shutdown, a deadline, closing the stream). After each round: every
 * input read has exactly one outcome, nothing else came out, the stream ended as documented, the pool's
 * invariants hold. A round that hangs fails with a thread dump. Seeds are printed on failure.
 */
public class MapStopStressTest {

    private enum Ending { STOP, STOP_NOW, SHUTDOWN, DEADLINE, CLOSE_STREAM }

    /** Sleeps input mod 4 milliseconds, then returns its input. */
    public static final class Echo implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) throws InterruptedException {
            Thread.sleep(input % 4);
            return input;
        }
    }

    @Test
    void threadKinds_randomMapsStoppedAtRandomMoments_everyInputReadHasOneOutcome() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 150; round++) {
                WorkerKind kind = random.nextBoolean() ? WorkerKind.PLATFORM : WorkerKind.VIRTUAL;
                runRound(kind, random, reader, "seed " + seed + " round " + round + " " + kind);
            }
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void processKind_randomMapsStoppedAtRandomMoments_everyInputReadHasOneOutcome() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 8; round++) {
                runRound(WorkerKind.PROCESS, random, reader, "seed " + seed + " round " + round + " PROCESS");
            }
        } finally {
            reader.shutdownNow();
        }
    }

    private static void runRound(WorkerKind kind, Random random, ExecutorService reader, String round)
            throws Exception {
        var invariants = new PoolInvariants();
        Pool pool = invariants.track(Pool.builder().kind(kind).workers(1 + random.nextInt(3)).handleSignals(false)
                .listener(invariants.listener()).build());
        var inputs = new CountingInputs(50 + random.nextInt(300), i -> i);
        MapOptions options = (random.nextBoolean() ? MapOptions.ordered() : MapOptions.completionOrder())
                .window(1 + random.nextInt(40)).chunkSize(random.nextInt(3) == 0 ? 1 + random.nextInt(8) : 1);
        Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
        if (ending == Ending.DEADLINE) {
            options = options.deadline(Duration.ofMillis(1 + random.nextInt(60)));
        }
        int endAfter = random.nextInt(40);
        MapOptions chosen = options;
        String what = round + ": " + chosen + ", " + ending + " after " + endAfter + " outcomes, " + inputs.size
                + " inputs";

        Future<List<Outcome<Integer>>> result = reader.submit(() -> {
            List<Outcome<Integer>> outcomes = new ArrayList<>();
            RuntimeException end = null;
            try (var stream = pool.map(new Echo(), inputs, chosen)) {
                var it = stream.iterator();
                try {
                    while (it.hasNext()) {
                        outcomes.add(it.next());
                        if (outcomes.size() == endAfter) {
                            switch (ending) {
                                case STOP -> pool.stop();
                                case STOP_NOW -> pool.stopNow();
                                case SHUTDOWN -> pool.shutdown();
                                case CLOSE_STREAM -> stream.close();
                                case DEADLINE -> { }
                            }
                            if (ending == Ending.CLOSE_STREAM) {
                                break;
                            }
                        }
                    }
                } catch (PoolClosedException | DeadlineExceededException e) {
                    end = e;
                }
            }
            boolean allRead = inputs.read.get() == inputs.size;
            if (ending != Ending.CLOSE_STREAM) {
                assertThat(outcomes).as(what + ": one outcome per input read").hasSize((int) inputs.read.get());
                if (end == null) {
                    assertThat(allRead).as(what + ": a normal end means every input was read").isTrue();
                }
            }
            assertThat(outcomes.stream().map(o -> o.info().seq()).distinct().count())
                    .as(what + ": no outcome twice").isEqualTo(outcomes.size());
            for (Outcome<Integer> o : outcomes) {
                if (o instanceof Outcome.Succeeded<Integer> s) {
                    assertThat(s.value()).as(what).isLessThan(inputs.size);
                }
            }
            return outcomes;
        });
        try {
            result.get(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("hung: " + what + "\n" + ThreadDumps.all());
        }
        invariants.stopAndCheck();
    }
}
