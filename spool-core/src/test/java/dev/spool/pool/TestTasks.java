package dev.spool.pool;

import java.time.Duration;

/**
 * Tasks for the pool tests, written as named public classes with no-argument constructors so that every
 * worker kind, processes included, can run them.
 */
public final class TestTasks {
    private TestTasks() {}

    /** Doubles its input. */
    public static final class Doubler implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) {
            return input * 2;
        }
    }

    /** Fails with an IllegalStateException naming its input. */
    public static final class Failer implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) {
            throw new IllegalStateException("failed on " + input);
        }
    }

    /** Doubles an even input; fails on an odd one with an IllegalStateException naming it. */
    public static final class FailOnOdd implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) {
            if (input % 2 != 0) {
                throw new IllegalStateException("odd input " + input);
            }
            return input * 2;
        }
    }

    /** Fails on attempts before {@code input}, then returns the attempt number. */
    public static final class SucceedOnAttempt implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) {
            if (context.attempt() < input) {
                throw new IllegalStateException("attempt " + context.attempt() + " fails");
            }
            return context.attempt();
        }
    }

    /** Sleeps {@code input} milliseconds (interruptibly), then returns it. */
    public static final class Sleeper implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) throws InterruptedException {
            Thread.sleep(Duration.ofMillis(input));
            return input;
        }
    }

    /** Waits for the pool's stop token, then returns "stopped". */
    public static final class UntilStopped implements Task<String, String> {
        @Override
        public String run(String input, TaskContext context) throws InterruptedException {
            context.stopToken().awaitStop();
            return "stopped";
        }
    }

    /** Returns the worker identity that ran it. */
    public static final class WhoAmI implements Task<String, String> {
        @Override
        public String run(String input, TaskContext context) {
            return context.worker();
        }
    }

    /** Waits for the pool's stop token, then returns the reason the stop gave. */
    public static final class StopReason implements Task<String, String> {
        @Override
        public String run(String input, TaskContext context) throws InterruptedException {
            context.stopToken().awaitStop();
            return context.stopToken().reason();
        }
    }
}
