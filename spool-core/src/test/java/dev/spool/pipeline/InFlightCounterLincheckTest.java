package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's termination protocol ({@link InFlightCounter}), model-checked by Lincheck: a source and
 * workers that take items and emit children, in every interleaving Lincheck explores.
 */
public class InFlightCounterLincheckTest {

    /*
     * Implementation notes.
     *
     * The model: the source (one unit, as a pipeline has one per source) enters two items and exits; a
     * worker takes an item, enters a child for it if it is shallow, counts it processed, and exits it, as
     * StageRuntime does (child entered before the parent's exit). No sequential specification: the
     * properties are checked instead.
     *
     *   - zero is reached at most once, and when it is, every item entered has been processed and none is
     *     pending (no premature end: nothing lost);
     *   - once the scenario is over, if every item entered was processed, zero was reached (no hang).
     *
     * BrokenProtocol exits the parent before entering its child; model checking must find the premature
     * zero, which shows that the test can fail.
     */

    private final ConcurrentLinkedQueue<Integer> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger entered = new AtomicInteger();
    private final AtomicInteger processed = new AtomicInteger();
    private final AtomicInteger zeros = new AtomicInteger();
    private volatile boolean sourceDone;
    private volatile String prematureZero;
    private final InFlightCounter counter = new InFlightCounter(1, this::reachedZero);

    private void reachedZero() {
        zeros.incrementAndGet();
        if (!sourceDone || entered.get() != processed.get() || !pending.isEmpty()) {
            prematureZero = "zero with the source " + (sourceDone ? "done" : "open") + ", " + entered.get()
                    + " entered, " + processed.get() + " processed, pending " + pending;
        }
    }

    /** Whether the parent is exited before its child is entered: the bug the test must catch. */
    protected boolean exitBeforeChild() {
        return false;
    }

    @Operation(runOnce = true)
    public void source() {
        for (int i = 0; i < 2; i++) {
            counter.enter();
            entered.incrementAndGet();
            pending.add(0);
        }
        sourceDone = true;
        counter.exit();
    }

    @Operation
    public void work() {
        Integer depth = pending.poll();
        if (depth == null) {
            return;
        }
        if (exitBeforeChild()) {
            processed.incrementAndGet();
            counter.exit();
        }
        if (depth < 1) { // each item at depth 0 emits one child
            try {
                counter.enter();
            } catch (IllegalStateException enteredAtZero) {
                prematureZero = enteredAtZero.getMessage();
                return;
            }
            entered.incrementAndGet();
            pending.add(depth + 1);
        }
        if (!exitBeforeChild()) {
            processed.incrementAndGet();
            counter.exit();
        }
    }

    @Validate
    public void zeroOnceAndOnlyWhenDone() {
        if (prematureZero != null) {
            throw new AssertionError(prematureZero);
        }
        if (zeros.get() > 1) {
            throw new AssertionError("zero reached " + zeros.get() + " times");
        }
        boolean allDone = sourceDone && pending.isEmpty() && entered.get() == processed.get();
        if (allDone != (zeros.get() == 1)) {
            throw new AssertionError("all work done: " + allDone + ", but zero reached " + zeros.get() + " times");
        }
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions().iterations(5).invocationsPerIteration(150).threads(3)
                .actorsPerThread(2).actorsBefore(0).actorsAfter(0);
    }

    @Test
    void modelChecking_childrenEnteredBeforeParentExits_zeroExactlyOnceWhenDone() {
        LinChecker.check(InFlightCounterLincheckTest.class, options());
    }

    /** The protocol broken on purpose. */
    public static class BrokenProtocol extends InFlightCounterLincheckTest {
        @Override
        protected boolean exitBeforeChild() {
            return true;
        }
    }

    @Test
    void modelChecking_parentExitedBeforeChildEntered_findsThePrematureZero() {
        assertThatThrownBy(() -> LinChecker.check(BrokenProtocol.class, options()))
                .isInstanceOf(AssertionError.class);
    }
}
