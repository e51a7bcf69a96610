package dev.spool.examples;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The examples, one per lesson: the one list that {@code spool example} shows and runs. An example is a
 * public class of this package with a {@code main} method; add each new one here (spool-cli's {@code
 * ExampleCommandTest} fails for a class with a {@code main} that is missing).
 */
public enum Example {
    PRODUCER_CONSUMER(ProducerConsumer.class, "a queue between producers and consumers, with join"),
    STOP_FLAG(StopFlag.class, "broadcasting a stop through a flag"),
    THREAD_IT_OUT(ThreadItOut.class, "the main thread keeps dispatching while results are collected"),
    MONITORING(Monitoring.class, "events and statistics of a pool"),
    THREADS_VS_PROCESSES(ThreadsVsProcesses.class, "the same CPU-bound task on threads and on child JVMs"),
    SIGNAL_BROADCAST(SignalBroadcast.class, "Ctrl-C (SIGINT) broadcast to a pool of child processes"),
    CRAWLER(Crawler.class, "recursive work that ends exactly when done: a pool that submits to itself, a pipeline with a cycle"),
    ETL(Etl.class, "a three-stage pipeline, its per-stage monitor and its bottleneck in words"),
    DISTRIBUTED_QUEUE(DistributedQueue.class, "one PostgreSQL queue, a producer and three worker JVMs");

    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private final Class<?> program;
    private final String lesson;

    Example(Class<?> program, String lesson) {
        this.program = program;
        this.lesson = lesson;
    }

    /** The name on the command line, from the class's: {@code ThreadItOut} is {@code thread-it-out}. */
    public String exampleName() {
        return WORD_BOUNDARY.matcher(program.getSimpleName()).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** What the example teaches, in one line. */
    public String lesson() {
        return lesson;
    }

    /** The class whose {@code main} is the example. */
    public Class<?> program() {
        return program;
    }

    /** The example called {@code name} on the command line, if there is one. */
    public static Optional<Example> named(String name) {
        for (Example example : values()) {
            if (example.exampleName().equals(name)) {
                return Optional.of(example);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the example's {@code main} with {@code args} on this thread and returns when it does.
     *
     * @throws Exception whatever {@code main} throws, unwrapped
     */
    public void run(String... args) throws Exception {
        try {
            program.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
