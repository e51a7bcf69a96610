package dev.spool.cli.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --tee}: every job reads all of stdin, as GNU parallel's {@code tee fifo1 fifo2 …} gives it. The
 * reader (the thread that plans the jobs) copies each block once and queues it for every job that still
 * reads; each job's feeder writes its queue to the job. Memory is bounded: a few blocks per job, shared by
 * all, and the reader waits for the slowest job. A job that ends before its input does stops reading, and
 * the others go on without it.
 */
public final class BlockTee {

    /** Blocks queued ahead of a job. */
    private static final int AHEAD = 4;
    private static final byte[] END = new byte[0];

    private final Iterator<PipeInput> blocks;
    private final List<Teed> jobs = new ArrayList<>();
    private volatile boolean stopped;

    public BlockTee(Iterator<PipeInput> blocks) {
        this.blocks = blocks;
    }

    /** A new job's input: all of stdin, from the first block. Reader's thread, before {@link #teeAll}. */
    public PipeInput newJob() {
        Teed job = new Teed(this);
        jobs.add(job);
        return job;
    }

    /** Reads stdin to its end, giving every block to every job still reading, then ends each job's input. */
    public void teeAll() {
        while (!stopped && blocks.hasNext()) {
            PipeInput block = blocks.next();
            byte[] copy;
            try {
                copy = bytes(block);
            } finally {
                block.release();
            }
            for (Teed job : jobs) {
                job.put(copy);
            }
        }
        for (Teed job : jobs) {
            job.put(END);
        }
    }

    /** Stops reading: a stop of the run. */
    public void stop() {
        stopped = true;
    }

    private static byte[] bytes(PipeInput block) {
        if (block instanceof PipeInput.Block b) {
            byte[] copy = new byte[b.length()];
            b.buffer().memory().slice(b.offset(), b.length()).get(copy);
            return copy;
        }
        throw new IllegalStateException("--tee reads stdin blocks, not " + block.getClass().getSimpleName());
    }

    /** What one job reads: every block, until the end. */
    static final class Teed implements PipeInput {
        private final BlockTee tee;
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(AHEAD);
        private final AtomicBoolean left = new AtomicBoolean();
        private final AtomicLong written = new AtomicLong();

        Teed(BlockTee tee) {
            this.tee = tee;
        }

        /** Queues {@code block}, waiting while the job is behind, unless it left or the tee stopped. */
        void put(byte[] block) {
            try {
                // timed, so that a job that ends or a stop lets the reader go on
                while (!left.get() && !tee.stopped) {
                    if (queue.offer(block, 50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tee.stop();
            }
        }

        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            try {
                while (!left.get()) {
                    byte[] next = queue.poll(50, TimeUnit.MILLISECONDS); // timed: a stop ends the input
                    if (next == null) {
                        if (tee.stopped) {
                            break;
                        }
                        continue;
                    }
                    if (next == END) {
                        break;
                    }
                    ByteBuffer data = ByteBuffer.wrap(next);
                    while (data.hasRemaining()) {
                        out.write(data);
                    }
                    written.addAndGet(next.length);
                }
            } catch (IOException e) {
                // the job stopped reading (it ended, or closed its stdin): the others go on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                left.set(true);
                queue.clear();
            }
        }

        @Override
        public long size() {
            return written.get();
        }

        /** The job reads no more (it ended, or never started). */
        @Override
        public void release() {
            left.set(true);
            queue.clear();
        }
    }
}
