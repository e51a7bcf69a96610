package dev.spool.cli.pg;

import dev.spool.launch.ExitStatus;
import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.OutputCapture;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import dev.spool.launch.TermSequence;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.postgres.AttemptFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs one attempt of a queued command on a worker's pool thread, through the same launcher as a local
 * run: in its own process group (a timeout, a stop or a lost lease kills the whole tree, with the job's
 * {@code --termseq}), guarded so that it dies with the worker, its output captured in anonymous files.
 * Returns the {@link CommandResult} of a success; throws {@link AttemptFailedException} carrying it for a
 * failure (non-zero exit, signal, timeout, command not found), so the queue records the output either way
 * and retries or discards the job.
 *
 * <p>Thread-safe: every pool thread runs its attempts here. Each attempt takes a job slot (numbered as GNU
 * parallel numbers them, from 1; {@code $PARALLEL_JOBSLOT}) with its own pair of capture files.
 */
final class CommandJobTask implements Task<QueuedCommand, CommandResult> {

    /** The most bytes of each output stream kept in the table (and printed): the tail, if more. */
    static final int KEPT_OUTPUT = 1 << 20;
    /** How often a running job is checked for a stop (a lost lease, a cancel, a halt). */
    private static final Duration STOP_CHECK = Duration.ofMillis(100);
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    /** What the worker does with each finished attempt: print it, count it for {@code --halt}. */
    interface AttemptListener {
        void finished(QueuedCommand command, CommandResult result, boolean lastAttempt, int attempt);
    }

    /** A job slot: its number and its capture files; owned by one attempt at a time. */
    private record Slot(int number, OutputCapture out, OutputCapture err) {}

    private final PosixSpawnLauncher launcher;
    private final Path tmpDir;
    private final Duration defaultTimeout;
    private final String host;
    private final BooleanSupplier killOnStop;
    private final AttemptListener listener;
    private final ConcurrentLinkedQueue<Slot> freeSlots = new ConcurrentLinkedQueue<>();
    private final AtomicInteger slotsMade = new AtomicInteger();

    /**
     * @param defaultTimeout the limit of jobs enqueued without {@code --timeout}, or null
     * @param killOnStop whether a requested stop token kills the job now (a lost lease, a cancel, a halt
     *     now); false while the worker stops gracefully, which lets running jobs finish
     */
    CommandJobTask(PosixSpawnLauncher launcher, Path tmpDir, Duration defaultTimeout, String host,
                   BooleanSupplier killOnStop, AttemptListener listener) {
        this.launcher = launcher;
        this.tmpDir = tmpDir;
        this.defaultTimeout = defaultTimeout;
        this.host = host;
        this.killOnStop = killOnStop;
        this.listener = listener;
    }

    @Override
    public CommandResult run(QueuedCommand command, TaskContext context) throws Exception {
        Slot slot = takeSlot();
        CommandResult result;
        try {
            result = attempt(command, context, slot);
        } finally {
            freeSlots.add(slot);
        }
        boolean last = context.attempt() >= command.attempts();
        listener.finished(command, result, last || result.succeeded(), context.attempt());
        if (!result.succeeded()) {
            throw new AttemptFailedException(result.summary() + " (attempt " + context.attempt() + " on "
                    + host + ")", result.encode(), last);
        }
        return result;
    }

    /** Closes the capture files of the free slots; call once no attempt runs. */
    void close() {
        Slot slot;
        while ((slot = freeSlots.poll()) != null) {
            slot.out().close();
            slot.err().close();
        }
    }

    private Slot takeSlot() throws IOException {
        Slot slot = freeSlots.poll();
        if (slot != null) {
            return slot;
        }
        OutputCapture out = OutputCapture.create(tmpDir);
        try {
            return new Slot(slotsMade.incrementAndGet(), out, OutputCapture.create(tmpDir));
        } catch (IOException e) {
            out.close();
            throw e;
        }
    }

    private CommandResult attempt(QueuedCommand command, TaskContext context, Slot slot)
            throws IOException, InterruptedException {
        slot.out().reset();
        slot.err().reset();
        JobSpec spec = JobSpec.builder(command.argv())
                .env("PARALLEL_SEQ", Long.toString(command.seq()))
                .env("PARALLEL_JOBSLOT", Integer.toString(slot.number()))
                .env("PARALLEL_PID", PID)
                .env("SPOOL_SEQ", Long.toString(command.seq()))
                .env("SPOOL_SLOT", Integer.toString(slot.number()))
                .env("SPOOL_JOB_ID", Long.toString(context.seq()))
                .env("SPOOL_ATTEMPT", Integer.toString(context.attempt()))
                .stdin(Redirect.NULL)
                .stdout(slot.out().redirect())
                .stderr(slot.err().redirect())
                .build();
        double startEpoch = System.currentTimeMillis() / 1000.0;
        long start = System.nanoTime();
        LaunchedJob launched;
        try {
            launched = launcher.launch(spec);
        } catch (LaunchException e) {
            byte[] message = ("spool: " + e.getMessage() + "\n").getBytes(StandardCharsets.ISO_8859_1);
            return new CommandResult(host, startEpoch, (System.nanoTime() - start) / 1e9,
                    e.failure().shellStatus(), 0, false, 0, new byte[0], message.length, message);
        }
        Duration limit = command.timeoutMillis() > 0 ? Duration.ofMillis(command.timeoutMillis()) : defaultTimeout;
        TermSequence termseq = TermSequence.parse(command.termSequence());
        boolean timedOut = false;
        ExitStatus status;
        while (true) {
            Duration slice = STOP_CHECK;
            if (limit != null) {
                Duration left = limit.minusNanos(System.nanoTime() - start);
                if (left.isNegative() || left.isZero()) {
                    timedOut = launched.exitStatus().isEmpty();
                    if (timedOut) {
                        termseq.apply(launched);
                    }
                    status = launched.waitFor();
                    break;
                }
                slice = left.compareTo(slice) < 0 ? left : slice;
            }
            var ended = launched.waitFor(slice);
            if (ended.isPresent()) {
                status = ended.get();
                break;
            }
            if (context.stopToken().isStopRequested() && killOnStop.getAsBoolean()) {
                termseq.apply(launched);
                status = launched.waitFor();
                break;
            }
        }
        double runtime = (System.nanoTime() - start) / 1e9;
        int exit = timedOut ? -1 : status instanceof ExitStatus.Exited(int code) ? code : 0;
        int signal = status instanceof ExitStatus.Killed(int sig, boolean core) ? sig : 0;
        long outSize = slot.out().size();
        long errSize = slot.err().size();
        return new CommandResult(host, startEpoch, runtime, exit, signal, timedOut, outSize, tail(slot.out(), outSize),
                errSize, tail(slot.err(), errSize));
    }

    /** The capture's content, or its last {@link #KEPT_OUTPUT} bytes. */
    private static byte[] tail(OutputCapture capture, long size) throws IOException {
        if (size <= KEPT_OUTPUT) {
            return capture.readAll();
        }
        var tail = new TailBuffer(KEPT_OUTPUT);
        capture.transferTo(tail);
        return tail.bytes();
    }

    /** Keeps the last {@code capacity} bytes written to it. */
    private static final class TailBuffer extends OutputStream {
        private final byte[] ring;
        private long written;

        TailBuffer(int capacity) {
            ring = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ring[(int) (written++ % ring.length)] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }

        byte[] bytes() {
            if (written <= ring.length) {
                return java.util.Arrays.copyOf(ring, (int) written);
            }
            var out = new ByteArrayOutputStream(ring.length);
            int at = (int) (written % ring.length);
            out.write(ring, at, ring.length - at);
            out.write(ring, 0, at);
            return out.toByteArray();
        }
    }
}
