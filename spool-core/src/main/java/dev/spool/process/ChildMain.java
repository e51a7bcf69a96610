package dev.spool.process;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.stop.StopToken;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The entry point of a process worker's child JVM; started by the pool, not by people. Arguments: {@code
 * [--codec CLASS]... [--initializer CLASS]}.
 *
 * <p>Speaks the {@link Protocol} on its stdin and stdout. User code never sees those: {@code System.out}
 * goes to stderr (which the pool logs, tagged with this pid) and {@code System.in} is empty.
 *
 * <p>Package-private, with a package-private {@code main}: since Java 25 (JEP 512) the launcher runs such a
 * class, so the child's entry point is no part of the API although its package is exported.
 */
final class ChildMain {

    /*
     * Implementation notes.
     *
     * Two threads. The main thread reads frames: it hands RUN and BATCH to the task thread through
     * `requests`, requests the child's stop token on STOP (so a running task sees the pool's stop at once),
     * and exits the JVM when stdin ends: the pool closed it, or the pool's JVM died, however it died (the
     * kernel closes the pipe). The task thread makes the codecs, runs the initializer, then runs requests in
     * order and writes each result; the writer is thread-safe, so the main thread's handshake and the task
     * thread's results never interleave within a frame.
     *
     * SIGINT and SIGHUP are ignored: the child runs in its pool's process group (SpawnChildLauncher), not the
     * terminal's foreground group, so a Ctrl-C reaches the parent only; should one be sent to the pool's
     * group, it is still the pool that decides what a stop means for its children. SIGTERM ends the JVM.
     */

    private static final int EXIT_PROTOCOL_ERROR = 2;
    private static final long HALT_AFTER_MILLIS = 1000;

    private final List<String> codecClasses = new ArrayList<>();
    // Set by the constructor from the arguments; read by the task thread after it starts.
    private String initializerClass;
    private java.nio.file.Path progressFile;
    /** Task thread only. Where the pool reads which task this child started last; see ChildProgress. */
    private ChildProgress progress;
    private final Protocol.FrameReader reader;
    private final Protocol.FrameWriter writer;
    private final long pid = ProcessHandle.current().pid();
    private final String identity = "pid " + pid;
    private final StopToken stopToken = new StopToken();
    private final LinkedBlockingQueue<DataInputStream> requests = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    // Written and read only by the task thread.
    private CodecTable codecs;
    private final Map<String, Task<Object, Object>> tasks = new HashMap<>();

    private ChildMain(String[] args, InputStream in, java.io.OutputStream out) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--codec" -> codecClasses.add(args[++i]);
                case "--initializer" -> initializerClass = args[++i];
                case ChildProgress.ARGUMENT -> progressFile = java.nio.file.Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        this.reader = new Protocol.FrameReader(new BufferedInputStream(in, 1 << 16));
        this.writer = new Protocol.FrameWriter(new BufferedOutputStream(out, 1 << 16));
    }

    static void main(String[] args) {
        var protocolIn = new FileInputStream(FileDescriptor.in);
        var protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.setIn(InputStream.nullInputStream());
        for (String signal : List.of("INT", "HUP")) {
            try {
                Signal.handle(new Signal(signal), SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException e) {
                // reserved by the JVM (-Xrs): keep its default
            }
        }
        new ChildMain(args, protocolIn, protocolOut).run();
    }

    private void run() {
        Thread.ofPlatform().daemon().name("spool-task").start(this::taskLoop);
        try {
            writer.preamble();
            try {
                ready.join();
                writer.send(Protocol.HELLO, out -> out.writeLong(pid));
            } catch (CompletionException e) {
                writer.send(Protocol.START_FAILED, out -> ErrorTransfer.write(out, e.getCause()));
                exit(1);
            }
            while (true) {
                DataInputStream frame = reader.next();
                byte type = frame.readByte();
                switch (type) {
                    case Protocol.RUN, Protocol.RUN_AHEAD, Protocol.BATCH -> requests.add(frame);
                    case Protocol.STOP -> stopToken.requestStop(Protocol.readText(frame));
                    default -> {
                        System.err.println("spool child " + pid + ": protocol error: frame type " + type);
                        exit(EXIT_PROTOCOL_ERROR);
                    }
                }
            }
        } catch (EOFException e) {
            exit(0); // the pool closed stdin, or the pool's JVM is gone
        } catch (IOException e) {
            System.err.println("spool child " + pid + ": " + e);
            exit(EXIT_PROTOCOL_ERROR);
        }
    }

    private void taskLoop() {
        try {
            List<Codec<?>> own = new ArrayList<>();
            for (String name : codecClasses) {
                own.add((Codec<?>) create(name));
            }
            codecs = new CodecTable(own);
            if (progressFile != null) {
                progress = ChildProgress.open(progressFile);
            }
            if (initializerClass != null) {
                ((WorkerInitializer) create(initializerClass)).initialize();
            }
            ready.complete(null);
        } catch (Throwable t) {
            ready.completeExceptionally(t);
            return;
        }
        try {
            while (true) {
                DataInputStream frame = requests.take();
                frame.reset();
                byte type = frame.readByte();
                if (type == Protocol.RUN || type == Protocol.RUN_AHEAD) {
                    runOne(frame, type == Protocol.RUN_AHEAD);
                } else {
                    runBatch(frame);
                }
            }
        } catch (IOException e) {
            exit(0); // the pool is gone: its end of stdout is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runOne(DataInputStream frame, boolean ahead) throws IOException {
        long seq = frame.readLong();
        int attempt = frame.readInt();
        String taskClass = frame.readUTF();
        if (ahead && stopToken.isStopRequested()) {
            writer.send(Protocol.RESULT, out -> {
                out.writeLong(seq);
                out.writeByte(Protocol.NOT_RUN);
            });
            return;
        }
        Object result;
        try {
            result = run(taskClass, codecs.read(frame, () -> "input of task " + seq), seq, attempt);
            codecs.requireCodec(result, () -> "result of " + taskClass);
        } catch (Throwable t) {
            sendError(seq, t);
            return;
        }
        try {
            writer.send(Protocol.RESULT, out -> {
                out.writeLong(seq);
                out.writeByte(Protocol.VALUE);
                codecs.write(out, result, () -> "result of " + taskClass);
            });
        } catch (UnencodableValueException e) {
            sendError(seq, e);
        }
    }

    private void sendError(long seq, Throwable error) throws IOException {
        writer.send(Protocol.RESULT, out -> {
            out.writeLong(seq);
            out.writeByte(Protocol.ERROR);
            ErrorTransfer.write(out, error);
        });
    }

    private void runBatch(DataInputStream frame) throws IOException {
        String taskClass = frame.readUTF();
        int n = frame.readInt();
        byte[] status = new byte[n];
        Object[] payload = new Object[n]; // the result, or the error
        Supplier<String> what = () -> "result of " + taskClass;
        for (int i = 0; i < n; i++) {
            long seq = frame.readLong();
            int attempt = frame.readInt();
            try {
                Object input = codecs.read(frame, () -> "input of task " + seq);
                if (stopToken.isStopRequested()) {
                    status[i] = Protocol.NOT_RUN;
                    continue;
                }
                payload[i] = run(taskClass, input, seq, attempt);
                codecs.requireCodec(payload[i], what);
                status[i] = Protocol.VALUE;
            } catch (Throwable t) {
                status[i] = Protocol.ERROR;
                payload[i] = t;
            }
        }
        try {
            sendBatch(n, status, payload, (out, value) -> codecs.write(out, value, what));
        } catch (UnencodableValueException e) {
            // a codec failed on some result: encode one by one, turning failures into errors
            for (int i = 0; i < n; i++) {
                if (status[i] == Protocol.VALUE) {
                    try {
                        payload[i] = codecs.encoded(payload[i], what);
                    } catch (UnencodableValueException failed) {
                        status[i] = Protocol.ERROR;
                        payload[i] = failed;
                    }
                }
            }
            sendBatch(n, status, payload, (out, value) -> out.write((byte[]) value));
        }
    }

    /** Writes one result value into a frame. */
    private interface ValueWriter {
        void write(java.io.DataOutputStream out, Object value) throws IOException;
    }

    private void sendBatch(int n, byte[] status, Object[] payload, ValueWriter values) throws IOException {
        writer.send(Protocol.BATCH_RESULT, out -> {
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(status[i]);
                switch (status[i]) {
                    case Protocol.VALUE -> values.write(out, payload[i]);
                    case Protocol.ERROR -> ErrorTransfer.write(out, (Throwable) payload[i]);
                    default -> { }
                }
            }
        });
    }

    private Object run(String taskClass, Object input, long seq, int attempt) throws Exception {
        Task<Object, Object> task = tasks.get(taskClass);
        if (task == null) {
            task = newTask(taskClass);
            tasks.put(taskClass, task);
        }
        if (progress != null) {
            progress.starting(seq);
        }
        return task.run(input, new TaskContext(seq, attempt, identity, stopToken));
    }

    @SuppressWarnings("unchecked")
    private static Task<Object, Object> newTask(String taskClass) {
        Object task;
        try {
            task = create(taskClass);
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("cannot create task " + taskClass + " in the process worker: " + e, e);
        }
        if (!(task instanceof Task<?, ?>)) {
            throw new IllegalStateException(taskClass + " does not implement " + Task.class.getName());
        }
        return (Task<Object, Object>) task;
    }

    private static Object create(String className) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, true, ClassLoader.getSystemClassLoader());
        return type.getConstructor().newInstance();
    }

    /** Exits, halting if shutdown hooks take longer than a second. */
    private static void exit(int status) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS); // a deadline for the hooks, not a wait for an event
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(status);
        });
        System.exit(status);
    }
}
