package dev.spool.process;

import dev.spool.internal.Scheduler;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.pool.WorkerStartException;
import dev.spool.pool.spi.BatchResult;
import dev.spool.pool.spi.Worker;
import dev.spool.stop.StopToken;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The pool's side of one child JVM: sends it tasks over its stdin, reads results from its stdout. */
final class ProcessWorker implements Worker {

    /*
     * Implementation notes.
     *
     * Threads: execute, executeBatch and close run on the slot's loop thread, which also reads the
     * child's stdout (one request in flight at a time, so a reply is always the answer to the last request).
     * abort() comes from the timeout scheduler or a stopping thread: it terminates the child (SIGTERM, then
     * SIGKILL after TERMINATION_GRACE), which closes the child's stdout, so the loop thread's read ends
     * at once and the attempt fails; the pool then decides from the task's state whether that was a
     * timeout, a cancellation or a crash. The stop relay, a virtual thread, sends STOP when the pool's stop
     * token is requested. The writer is thread-safe.
     *
     * Lifecycle: launched -> ready (handshake read) -> broken (died, aborted, protocol error, or quota of
     * tasks reached: the loop replaces it) -> closed. `broken` and `aborted` are volatile: set by any
     * thread, read by the loop thread.
     */

    /**
     * How long a child gets to exit after its stdin closes, and again after SIGTERM, before SIGKILL: a JVM
     * runs its shutdown hooks in well under a second, and a stop should not wait on a hung one for long.
     */
    static final Duration TERMINATION_GRACE = Duration.ofSeconds(2);
    /** Attempts sent ahead of their results: enough that the child never waits for its next input. */
    static final int PIPELINE_DEPTH = 4;
    /**
     * The longest a child may take from launch to handshake before it is killed and the pool's start fails:
     * a JVM starts in under a second here, but a worker initializer may load data, and a loaded machine
     * starting many children at once is slow; a minute tells a hang from a slow start.
     */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long to wait for a dead child's last stderr lines, to quote them in the error. */
    private static final Duration STDERR_WAIT = Duration.ofMillis(500);
    /** For request(): send the frame built (or given), then read the reply. */
    private static final boolean SEND = true;
    /** For request(): the frame went out already (sent ahead); only read the reply. */
    private static final boolean SENT_ALREADY = false;

    private final ChildLauncher.Child child;
    private final String identity;
    private final CodecTable codecs;
    private final int tasksPerChild;
    private final List<String> jvmOptions;
    private final Protocol.FrameWriter writer;
    private final Protocol.FrameReader reader;
    private final ChildStderr stderr;
    /** Which task the child started last: see ChildProgress. */
    private final ChildProgress progress;

    // Loop thread only.
    private long tasksRun;
    private Thread stopRelay;
    private final ArrayDeque<Long> sentAhead = new ArrayDeque<>();
    private ChildDiedException death;

    /** Set once by awaitReady() on the loop thread; read by the start timer's thread. */
    private volatile boolean ready;
    private volatile boolean broken;
    private volatile boolean aborted;

    private ProcessWorker(ChildLauncher.Child child, CodecTable codecs, ProcessWorkerSpec spec,
                          ChildProgress progress) {
        this.child = child;
        this.progress = progress;
        this.identity = "pid " + child.pid();
        this.codecs = codecs;
        this.tasksPerChild = spec.tasksPerChild();
        this.jvmOptions = spec.jvmOptions();
        this.writer = new Protocol.FrameWriter(new BufferedOutputStream(child.stdin(), 1 << 16));
        this.reader = new Protocol.FrameReader(new BufferedInputStream(child.stdout(), 1 << 16));
        this.stderr = new ChildStderr(child.pid(), child.stderr());
    }

    /**
     * Starts a child; returns before it is ready ({@link #awaitReady}), so that several can boot at once.
     *
     * @throws WorkerStartException if the JVM cannot be run at all
     */
    static ProcessWorker launch(ProcessWorkerSpec spec, CodecTable codecs, ChildLauncher launcher) {
        List<String> command = new ArrayList<>(ChildCommand.of(spec));
        ChildProgress progress = ChildProgress.create();
        command.add(ChildProgress.ARGUMENT);
        command.add(progress.file().toString());
        try {
            return new ProcessWorker(launcher.launch(command), codecs, spec, progress);
        } catch (IOException e) {
            progress.close();
            throw new WorkerStartException("cannot start a process worker: " + command.getFirst() + " cannot be run ("
                    + e.getMessage() + "); javaHome is " + spec.javaHome(), e);
        }
    }

    /**
     * Waits for the child's handshake, at most {@link #START_TIMEOUT}.
     *
     * @throws WorkerStartException with the reason: the JVM exited (a bad option, say: its stderr is quoted),
     *     the initializer failed, or the child printed something else first
     */
    void awaitReady() {
        Scheduler.shared().schedule(() -> {
            if (!ready) {
                child.kill();
            }
        }, START_TIMEOUT);
        try {
            reader.preamble();
            DataInputStream frame = reader.next();
            byte type = frame.readByte();
            if (type == Protocol.HELLO) {
                ready = true;
                progress.unlink(); // the child has mapped it before its handshake
                return;
            }
            if (type == Protocol.START_FAILED) {
                Throwable error = ErrorTransfer.read(frame);
                kill();
                throw new WorkerStartException("process worker " + identity + " could not start: its initializer"
                        + " failed: " + error, error);
            }
            throw new IOException("protocol error: frame type " + type + " before the handshake");
        } catch (EOFException e) {
            OptionalInt status = awaitExit();
            throw new WorkerStartException("process worker " + identity + " could not start: the child JVM "
                    + (status.isPresent() ? "exited with " + describe(status.getAsInt(), "") : "closed its stdout")
                    + " before its handshake (JVM options " + jvmOptions + "); its stderr: "
                    + stderr.tail(STDERR_WAIT), e);
        } catch (IOException e) {
            kill();
            throw new WorkerStartException("process worker " + identity + " could not start: " + e.getMessage()
                    + " (JVM options " + jvmOptions + "); its stderr: " + stderr.tail(STDERR_WAIT), e);
        }
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, R> R execute(Task<I, R> task, I input, TaskContext context) throws Exception {
        relayStop(context.stopToken());
        long seq = context.seq();
        codecs.requireCodec(input, () -> "input of task " + seq);
        String taskClass = task.getClass().getName();
        tasksRun++;
        DataInputStream frame = request(Protocol.RUN, out -> {
            out.writeLong(seq);
            out.writeInt(context.attempt());
            out.writeUTF(taskClass);
            codecs.write(out, input, () -> "input of task " + seq);
        }, Protocol.RESULT, () -> "while running task " + seq);
        long got = frame.readLong();
        if (got != seq) {
            throw protocolError("result for task " + got + " while running task " + seq);
        }
        if (frame.readByte() == Protocol.VALUE) {
            return (R) codecs.read(frame, () -> "result of task " + seq);
        }
        throw asException(ErrorTransfer.read(frame));
    }

    @Override
    public boolean prefersBatches() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, R> List<BatchResult<R>> executeBatch(Task<I, R> task, List<I> inputs, List<TaskContext> contexts)
            throws Exception {
        relayStop(contexts.getFirst().stopToken());
        int n = inputs.size();
        BatchResult<R>[] results = new BatchResult[n];
        List<Integer> sent = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long seq = contexts.get(i).seq();
            try {
                codecs.requireCodec(inputs.get(i), () -> "input of task " + seq);
                sent.add(i);
            } catch (UnencodableValueException e) {
                results[i] = new BatchResult.Error<>(e);
            }
        }
        if (sent.isEmpty()) {
            return Arrays.asList(results);
        }
        String taskClass = task.getClass().getName();
        Supplier<String> doing = () -> "while running a chunk of " + sent.size() + " tasks ("
                + contexts.get(sent.getFirst()).seq() + " to " + contexts.get(sent.getLast()).seq() + ")";
        byte[][] encoded = null;
        try {
            writer.build(Protocol.BATCH, out -> {
                out.writeUTF(taskClass);
                out.writeInt(sent.size());
                for (int i : sent) {
                    out.writeLong(contexts.get(i).seq());
                    out.writeInt(contexts.get(i).attempt());
                    codecs.write(out, inputs.get(i), () -> "input");
                }
            });
        } catch (UnencodableValueException e) {
            // a codec failed on some input: find which, one by one, and send the others
            encoded = new byte[n][];
            for (var it = sent.iterator(); it.hasNext(); ) {
                int i = it.next();
                long seq = contexts.get(i).seq();
                try {
                    encoded[i] = codecs.encoded(inputs.get(i), () -> "input of task " + seq);
                } catch (UnencodableValueException failed) {
                    results[i] = new BatchResult.Error<>(failed);
                    it.remove();
                }
            }
            if (sent.isEmpty()) {
                return Arrays.asList(results);
            }
            byte[][] bytes = encoded;
            writer.build(Protocol.BATCH, out -> {
                out.writeUTF(taskClass);
                out.writeInt(sent.size());
                for (int i : sent) {
                    out.writeLong(contexts.get(i).seq());
                    out.writeInt(contexts.get(i).attempt());
                    out.write(bytes[i]);
                }
            });
        }
        tasksRun += sent.size();
        DataInputStream frame;
        try {
            frame = request(null, null, Protocol.BATCH_RESULT, doing);
        } catch (ChildDiedException death) {
            return afterDeath(death, sent, contexts, results);
        }
        if (frame.readInt() != sent.size()) {
            throw protocolError("wrong number of results " + doing.get());
        }
        for (int i : sent) {
            byte status = frame.readByte();
            results[i] = readResult(frame, status, contexts.get(i).seq(), doing);
        }
        return Arrays.asList(results);
    }

    /**
     * The results of a batch whose child died: the child runs a batch in order, and its progress says which
     * task it had started last. The tasks before that one ran and their results died with the child; that
     * one was running: both fail with the death. Those after it never started: {@link
     * BatchResult.NotStarted}, to be run elsewhere. If the progress names no task of this batch (the child
     * died reading it), the first is held to be the one running, so that every death fails at least one
     * task and a batch that kills its child cannot be sent round for ever.
     */
    private <R> List<BatchResult<R>> afterDeath(ChildDiedException death, List<Integer> sent,
                                                List<TaskContext> contexts, BatchResult<R>[] results) {
        long started = progress.lastStarted();
        int running = 0;
        for (int k = 0; k < sent.size(); k++) {
            if (contexts.get(sent.get(k)).seq() == started) {
                running = k;
            }
        }
        for (int k = 0; k < sent.size(); k++) {
            results[sent.get(k)] = k <= running ? new BatchResult.Error<>(death) : new BatchResult.NotStarted<>();
        }
        return Arrays.asList(results);
    }

    @Override
    public int pipelineDepth() {
        return PIPELINE_DEPTH;
    }

    @Override
    public <I> void send(Task<I, ?> task, I input, TaskContext context) throws Exception {
        if (death != null) {
            throw death;
        }
        relayStop(context.stopToken());
        long seq = context.seq();
        codecs.requireCodec(input, () -> "input of task " + seq);
        String taskClass = task.getClass().getName();
        writer.build(Protocol.RUN_AHEAD, out -> {
            out.writeLong(seq);
            out.writeInt(context.attempt());
            out.writeUTF(taskClass);
            codecs.write(out, input, () -> "input of task " + seq);
        });
        tasksRun++;
        try {
            writer.sendBuilt();
        } catch (IOException e) {
            throw died(e, "while sending task " + seq);
        }
        sentAhead.add(seq);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> BatchResult<R> receive() throws Exception {
        Long seq = sentAhead.poll();
        if (seq == null) {
            throw new IllegalStateException("nothing sent ahead to receive");
        }
        // Even after a death (seen while sending the next task, say), the results the child wrote before it
        // died are still in its stdout: read them, so that only the task it was running is blamed. The child
        // has exited by now (died() waited for it), so the read ends at once, at the end of its output.
        Supplier<String> doing = () -> "while running task " + seq
                + (sentAhead.isEmpty() ? "" : " (and holding " + sentAhead.size() + " more sent ahead)");
        DataInputStream frame = request(null, null, Protocol.RESULT, doing, SENT_ALREADY);
        long got = frame.readLong();
        if (got != seq) {
            throw protocolError("result for task " + got + " " + doing.get());
        }
        return readResult(frame, frame.readByte(), seq, doing);
    }

    /** One task's result in a frame: a value, an error, or not run; {@code status} already read. */
    @SuppressWarnings("unchecked")
    private <R> BatchResult<R> readResult(DataInputStream frame, byte status, long seq, Supplier<String> doing)
            throws IOException {
        return switch (status) {
            case Protocol.VALUE -> {
                try {
                    yield new BatchResult.Value<>((R) codecs.read(frame, () -> "result of task " + seq));
                } catch (UnencodableValueException e) {
                    yield new BatchResult.Error<>(e);
                }
            }
            case Protocol.ERROR -> new BatchResult.Error<>(ErrorTransfer.read(frame));
            case Protocol.NOT_RUN -> new BatchResult.NotRun<>();
            default -> throw protocolError("result status " + status + " " + doing.get());
        };
    }

    @Override
    public void abort() {
        aborted = true;
        broken = true;
        child.terminate();
        Scheduler.shared().schedule(() -> {
            if (child.isAlive()) {
                child.kill();
            }
        }, TERMINATION_GRACE);
    }

    @Override
    public boolean isBroken() {
        return broken || (tasksPerChild > 0 && tasksRun >= tasksPerChild);
    }

    /** Closes stdin, so the child exits when it is done; terminates it if it has not after a grace period. */
    @Override
    public void close() {
        progress.close();
        if (stopRelay != null) {
            stopRelay.interrupt();
        }
        try {
            child.stdin().close();
        } catch (IOException e) {
            // already closed: the child is gone
        }
        try {
            if (!child.waitFor(TERMINATION_GRACE)) {
                child.terminate();
                if (!child.waitFor(TERMINATION_GRACE)) {
                    child.kill();
                    child.waitFor(TERMINATION_GRACE);
                }
            }
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
        }
        try {
            child.stdout().close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** Kills the child and waits for it; for start failures. */
    void kill() {
        progress.close();
        broken = true;
        child.kill();
        awaitExit();
    }

    @Override
    public java.util.OptionalLong pid() {
        return java.util.OptionalLong.of(child.pid());
    }

    // ---- internals ----

    /**
     * Sends a frame (or the one {@linkplain Protocol.FrameWriter#build built} already, if {@code type} is
     * null) and reads the reply.
     *
     * @throws UnencodableValueException if {@code body} cannot encode a value: nothing was sent
     * @throws ChildDiedException if the child is gone
     */
    private DataInputStream request(Byte type, Protocol.Body body, byte replyType, Supplier<String> doing)
            throws IOException {
        return request(type, body, replyType, doing, SEND);
    }

    private DataInputStream request(Byte type, Protocol.Body body, byte replyType, Supplier<String> doing,
                                    boolean send) throws IOException {
        DataInputStream frame;
        try {
            if (type != null) {
                writer.build(type, body);
            }
            if (send) {
                writer.sendBuilt();
            }
            frame = reader.next();
        } catch (IOException e) {
            throw died(e, doing.get());
        }
        byte got = frame.readByte();
        if (got != replyType) {
            throw protocolError("frame type " + got + " " + doing.get());
        }
        return frame;
    }

    private ChildDiedException died(IOException cause, String doing) {
        broken = true;
        OptionalInt status = awaitExit();
        String tail = stderr.tail(STDERR_WAIT);
        String how = aborted ? "terminated by the pool (timeout, cancellation or immediate stop)"
                : status.isPresent() ? describe(status.getAsInt(), tail) : "its stdout closed";
        death = new ChildDiedException("process worker " + identity + " died " + doing + ": " + how
                + (tail.isEmpty() ? "" : "; its last stderr: " + tail), child.pid(), status.orElse(-1), cause);
        return death;
    }

    private IllegalStateException protocolError(String what) {
        broken = true;
        child.kill();
        return new IllegalStateException("process worker " + identity + ": protocol error: " + what
                + "; the child was killed and will be replaced");
    }

    /** Waits for the child to end, killing it after a grace period. */
    private OptionalInt awaitExit() {
        try {
            if (!child.waitFor(TERMINATION_GRACE)) {
                child.kill();
                child.waitFor(TERMINATION_GRACE);
            }
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
        }
        return child.exitStatus();
    }

    /** " (SIGKILL)" for 9; empty for a number Linux gives no name (32, 33). */
    private static String signalName(int signal) {
        try {
            return " (SIG" + dev.spool.launch.SignalNames.name(signal) + ")";
        } catch (IllegalArgumentException unnamed) {
            return "";
        }
    }

    /** How a child's exit status reads: an exit code, a signal, or out of memory. */
    static String describe(int status, String stderrTail) {
        if (status > 128 && status <= 128 + 64) {
            int signal = status - 128;
            return "killed by signal " + signal + signalName(signal) + ", exit status " + status;
        }
        if (stderrTail.contains("OutOfMemoryError")) {
            return "out of memory (exit status " + status + ")";
        }
        return "exit status " + status;
    }

    private void relayStop(StopToken token) {
        if (stopRelay == null) {
            stopRelay = Thread.ofVirtual().name("spool-stop-relay-" + child.pid()).start(() -> {
                try {
                    token.awaitStop();
                    writer.send(Protocol.STOP, out -> Protocol.writeText(out, token.reason()));
                } catch (InterruptedException | IOException e) {
                    // the worker closed, or the child is gone: nothing to tell
                }
            });
        }
    }

    private static Exception asException(Throwable error) {
        if (error instanceof Exception e) {
            return e;
        }
        if (error instanceof Error e) {
            throw e;
        }
        return new RemoteTaskException(error.getClass().getName(), error.getMessage());
    }
}
