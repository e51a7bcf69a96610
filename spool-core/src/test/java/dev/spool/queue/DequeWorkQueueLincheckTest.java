package dev.spool.queue;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link DequeWorkQueue}, checked by Lincheck in model checking and stress modes. The
 * sequential specification is this same class run on one thread.
 */
@Param(name = "item", gen = IntGen.class, conf = "1:9")
public class DequeWorkQueueLincheckTest {

    /*
     * Implementation notes.
     *
     * Only non-blocking operations: a blocking put or take has no sequential specification Lincheck could
     * derive. Exceptions are returned as their simple class name so that a result is a plain value the
     * verifier can compare. close and closeNow run at most once per scenario (runOnce), otherwise most
     * scenarios would be about a closed queue.
     *
     * Capacity 2: small enough that offer sees a full queue in most scenarios.
     *
     * Budget: on this project's 2-core machines a model-checking invocation costs about 10-20 ms (Lincheck
     * steps through the AbstractQueuedSynchronizer under the ReentrantLock), so model checking gets 2
     * threads and 1,500 invocations (15-40 s); stress is cheap and gets 3 threads. Together well under a
     * minute.
     *
     * JDK 25: Lincheck 2.39 ships ASM 9.6, which cannot read class files of major version 69; it then
     * leaves the classes uninstrumented and model checking passes without exploring any interleaving
     * (seen with a deliberately racy counter). spool-core's pom puts ASM 9.8+ on the test classpath. A
     * mutation that unlocks between offer's capacity check and its enqueue is caught by this test.
     */

    private static final int CAPACITY = 2;

    private final WorkQueue<Integer> queue = WorkQueue.bounded(CAPACITY);

    @Operation
    public Object offer(@Param(name = "item") int item) {
        try {
            return queue.offer(item);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Operation
    public Object poll() {
        try {
            return queue.poll();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Operation
    public String taskDone() {
        try {
            queue.taskDone();
            return "done";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Operation
    public long unfinishedTasks() {
        return queue.unfinishedTasks();
    }

    @Operation
    public int size() {
        return queue.size();
    }

    @Operation
    public boolean isClosed() {
        return queue.isClosed();
    }

    @Operation(runOnce = true)
    public void close() {
        queue.close();
    }

    @Operation(runOnce = true)
    public List<Integer> closeNow() {
        return queue.closeNow();
    }

    @Test
    void modelChecking_randomScenarios_linearizable() {
        LinChecker.check(DequeWorkQueueLincheckTest.class, new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(150)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2));
    }

    @Test
    void stress_randomScenarios_linearizable() {
        LinChecker.check(DequeWorkQueueLincheckTest.class, new StressOptions()
                .iterations(20)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2));
    }
}
