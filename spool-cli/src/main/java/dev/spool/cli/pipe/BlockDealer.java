package dev.spool.cli.pipe;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --round-robin}: deals the blocks of stdin to a fixed set of jobs, one per job slot, each taking
 * the next block as soon as it has written the last one to its job, so a slow job gets fewer blocks (as in
 * GNU parallel, which gives a block to whichever job's pipe has room). The header heads each job's input
 * once. A job that ends early stops taking blocks: those it would have taken go to the others, or, once no
 * job is left, are dropped, as GNU parallel drops them.
 */
public final class BlockDealer {

    /*
     * Implementation notes. The reader (the thread that plans the jobs) puts blocks on `queue`; each job's
     * feeder thread takes them. `consumers` counts the jobs that may still take: one per job made, less
     * each that ended (its feeder finished or it never started). The reader's puts are timed, so it
     * notices when `consumers` reaches 0 or the run stops, and never waits forever for a taker.
     */

    private static final PipeInput END = new PipeInput.FilePart(new byte[0], java.nio.file.Path.of(""), 0, 0);

    private final Iterator<PipeInput> blocks;
    private final BlockingQueue<PipeInput> queue;
    private final AtomicInteger consumers = new AtomicInteger();
    private volatile boolean stopped;

    public BlockDealer(Iterator<PipeInput> blocks, int slots) {
        this.blocks = blocks;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, slots));
    }

    /** Whether stdin has a block for another job; reads it if needed. Reader's thread. */
    public boolean hasBlock() {
        return !stopped && blocks.hasNext();
    }

    /** A new job's input; its first block, read by {@link #hasBlock}, is queued for whichever job takes first. */
    public PipeInput newJob() {
        consumers.incrementAndGet();
        deal(blocks.next());
        return new Dealt(this);
    }

    /** Deals every block left to the jobs, then tells each job the input has ended. Reader's thread. */
    public void dealRest(int jobs) {
        while (hasBlock()) {
            deal(blocks.next());
        }
        for (int i = 0; i < jobs; i++) {
            deal(END);
        }
    }

    /** Stops dealing: a stop of the run. */
    public void stop() {
        stopped = true;
    }

    private void deal(PipeInput block) {
        try {
            while (!queue.offer(block, 50, TimeUnit.MILLISECONDS)) {
                if (stopped || consumers.get() == 0) {
                    block.release(); // no job left to take it
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            block.release();
        }
    }

    /** What a job dealt blocks reads: the header once, then each block it takes, until the end. */
    static final class Dealt implements PipeInput {
        private final BlockDealer dealer;
        private final java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

        Dealt(BlockDealer dealer) {
            this.dealer = dealer;
        }

        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            boolean first = true;
            try {
                while (!left.get()) {
                    PipeInput next = dealer.queue.take();
                    if (next == END) {
                        break;
                    }
                    try {
                        PipeInput.Block block = (PipeInput.Block) next;
                        block.writeTo(out, first);
                        written.addAndGet(first ? block.size() : block.length());
                        first = false;
                    } catch (IOException e) {
                        return; // the job went away; the others take the rest
                    } finally {
                        next.release();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                leave();
            }
        }

        /** The bytes written to the job so far. */
        @Override
        public long size() {
            return written.get();
        }

        /** The job takes no more blocks: it ended, or never started. */
        @Override
        public void release() {
            leave();
        }

        private void leave() {
            if (left.compareAndSet(false, true)) {
                dealer.consumers.decrementAndGet();
            }
        }
    }
}
