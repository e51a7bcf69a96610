package dev.spool.cli.run;

import dev.spool.launch.OutputCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Grouped output's storage: two anonymous capture files per job slot (stdout, stderr), made at the slot's
 * first job and reused job after job, and the budget of output held in memory while it waits to be printed.
 *
 * <p>Output up to {@value #IN_MEMORY_PER_STREAM} bytes per stream is read into memory and the slot's file
 * emptied for the next job, while the total held stays within {@value #MEMORY_BUDGET} bytes; larger output,
 * or any once the budget is spent, stays in its file, which the result keeps (the slot gets a new file).
 * So a slow first job under {@code -k} with thousands of fast ones after it runs in bounded memory.
 *
 * <p>Every release of file space goes through {@link CaptureSpace}, which watches for the file system
 * filling up: {@link #timesFull()} before a job and {@link #checkpoint()} after it tell whether the job
 * may have lost output.
 *
 * <p>Threads: slot {@code i}'s files are touched only by the worker holding slot {@code i}; the budget is
 * shared and atomic; the space watch is thread-safe.
 */
final class SlotCaptures implements AutoCloseable {

    static final long MEMORY_BUDGET = 256L << 20;
    static final long IN_MEMORY_PER_STREAM = 1L << 20;

    private final Path dir;
    /** Slot number -> its (stdout, stderr) files, made at the slot's first job; each pair used only by its holder. */
    private final ConcurrentHashMap<Integer, OutputCapture[]> files = new ConcurrentHashMap<>();
    private final AtomicLong heldInMemory = new AtomicLong();
    private final CaptureSpace space;

    SlotCaptures(Path dir) {
        this.dir = dir;
        this.space = new CaptureSpace(dir);
    }

    /** The directory where captured output waits. */
    Path dir() {
        return dir;
    }

    /** Take before a job starts: see {@link CaptureSpace#timesFull()}. */
    long timesFull() {
        return space.timesFull();
    }

    /** Take when a job has ended: see {@link CaptureSpace#checkpoint()}. */
    long checkpoint() throws IOException {
        return space.checkpoint();
    }

    /** The slot's two files (stdout, stderr), created at its first job. */
    OutputCapture[] of(int slot) throws IOException {
        OutputCapture[] pair = files.get(slot);
        if (pair == null) {
            pair = new OutputCapture[] {OutputCapture.create(dir), null};
            try {
                pair[1] = OutputCapture.create(dir);
            } catch (IOException | RuntimeException e) {
                pair[0].close();
                throw e;
            }
            files.put(slot, pair);
        }
        return pair;
    }

    /** Takes what the slot's job wrote to stream {@code index} (0 stdout, 1 stderr). */
    CapturedOutput take(int slot, int index) throws IOException {
        OutputCapture[] pair = files.get(slot);
        OutputCapture capture = pair[index];
        long size = capture.size();
        if (size == 0) {
            return CapturedOutput.NONE;
        }
        if (size <= IN_MEMORY_PER_STREAM && heldInMemory.addAndGet(size) <= MEMORY_BUDGET) {
            byte[] bytes = capture.readAll();
            space.release(size, capture::reset);
            return new CapturedOutput(bytes, null, bytes.length);
        }
        if (size <= IN_MEMORY_PER_STREAM) {
            heldInMemory.addAndGet(-size);
        }
        pair[index] = OutputCapture.create(dir);
        return new CapturedOutput(null, capture, size);
    }

    /** Output held in memory that did not come from a capture file (a launch error's message). */
    CapturedOutput hold(byte[] bytes) {
        heldInMemory.addAndGet(bytes.length);
        return new CapturedOutput(bytes, null, bytes.length);
    }

    /** Returns a printed or discarded result's memory to the budget and closes its spilled files. */
    void release(CapturedOutput output) throws IOException {
        if (output.spilled() == null) {
            heldInMemory.addAndGet(-output.bytes().length);
        } else {
            space.release(output.size(), output::release);
        }
    }

    @Override
    public void close() {
        for (OutputCapture[] pair : files.values()) {
            pair[0].close();
            pair[1].close();
        }
    }
}
