package dev.spool.pipeline;

import dev.spool.queue.WorkQueue;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Reads one source on a thread of its own, lazily: the next item is read only once the previous one is in
 * the first stage's buffer. Holds one unit of the pipeline's count until the source is exhausted, stopped
 * or failed.
 */
final class SourceReader implements Runnable {

    private final Pipeline<?> pipeline;
    private final int number;
    private final StageRuntime first;
    private final PipelineBuilder.SourceSpec spec;

    SourceReader(Pipeline<?> pipeline, int number, StageRuntime first, PipelineBuilder.SourceSpec spec) {
        this.pipeline = pipeline;
        this.number = number;
        this.first = first;
        this.spec = spec;
    }

    @Override
    public void run() {
        long index = 0;
        Stream<?> stream = spec.stream();
        WorkQueue<?> queue = spec.queue();
        try {
            Iterator<?> items = stream != null ? stream.iterator() : queue != null ? queue.iterator()
                    : spec.items().iterator();
            while (!pipeline.stopRequested() && items.hasNext()) {
                Object item = items.next();
                try {
                    first.accept(item, number, index++, false);
                } finally {
                    if (queue != null) {
                        queue.taskDone();
                    }
                }
            }
        } catch (InterruptedException e) {
            // a stop interrupted the wait for room; the item has ended NotRun
        } catch (Throwable t) {
            if (!(pipeline.stopRequested() && (t instanceof IllegalStateException
                    && t.getCause() instanceof InterruptedException))) {
                pipeline.sourceFailed(number, index, t); // not the interrupt of a stop (a WorkQueue's take)
            }
        } finally {
            try {
                if (stream != null) {
                    stream.close();
                }
            } catch (RuntimeException e) {
                pipeline.sourceFailed(number, index, e);
            } finally {
                pipeline.counter.exit();
            }
        }
    }
}
