package dev.spool.pipeline;

import dev.spool.stop.ShutdownSignals;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/** A program run in a child JVM by {@link PipelineSignalTest}: a pipeline on an endless source, stopped by a signal. */
public final class PipelineJvmMain {
    private PipelineJvmMain() {}

    public static void main(String[] args) throws InterruptedException {
        ShutdownSignals.exitAfterStop(false); // to print the accounting after the stop
        ShutdownSignals.addListener((signal, count) -> System.out.println("signal " + signal + " " + count));
        var read = new AtomicLong();
        PipelineBuilder<Long> b = Pipeline.builder("sig");
        Stage<Long, Long> first = b.map("first", StageOptions.platform(2).buffer(4), (x, c) -> x);
        Stage<Long, Long> second = b.map("second", StageOptions.virtual(3).buffer(1), (x, c) -> {
            c.stopToken().awaitStop(); // a long task that ends when its stage's stop token is requested
            return x;
        });
        b.source(first, () -> LongStream.iterate(0, i -> i + 1).peek(i -> read.incrementAndGet()).boxed().iterator())
                .connect(first, second).output(second);
        Pipeline<Long> pipeline = b.start();
        Set<Long> indexes = new HashSet<>();
        long outcomes = 0;
        long succeeded = 0;
        boolean ready = false;
        var iterator = pipeline.outcomes().iterator();
        while (true) {
            if (!ready && pipeline.stages().get(1).isSaturated()) {
                System.out.println("ready"); // every worker of the second stage busy, its buffer full
                ready = true;
            }
            if (!ready) {
                Thread.sleep(1); // polling the pipeline's state until it is saturated, in a demo program
                continue;
            }
            if (!iterator.hasNext()) {
                break;
            }
            var outcome = iterator.next();
            outcomes++;
            indexes.add(outcome.index());
            if (outcome.isSuccess()) {
                succeeded++;
            }
        }
        pipeline.close();
        System.out.printf("items read %d, outcomes %d, distinct items %d, succeeded %d, terminated %b%n",
                read.get(), outcomes, indexes.size(), succeeded, pipeline.isTerminated());
    }
}
