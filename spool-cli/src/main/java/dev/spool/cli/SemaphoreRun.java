package dev.spool.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GNU parallel's {@code sem} ({@code --semaphore}): a counting semaphore for shell scripts. {@code sem -j N
 * command} waits until fewer than N commands of the same semaphore ({@code --id}) run, starts the command in
 * the background and returns at once; {@code --fg} runs it in the foreground and returns its exit status;
 * {@code sem --wait} waits until every command of the semaphore has ended.
 *
 * <p>The semaphore is a directory, {@code $PARALLEL_HOME/semaphores/spool-id-NAME} (default {@code
 * ~/.parallel}), of N slot files; a running command's slot is held by a lock (fcntl) of the process that
 * waits for it, so a slot is freed however that process ends, even by SIGKILL. In the background, that
 * process is a second JVM ({@code --semaphore-holder}) that takes the slot, says so by creating a file,
 * runs the command and exits with its status; the first returns when the file appears.
 */
final class SemaphoreRun {

    static final String HOLDER = "--semaphore-holder";

    private SemaphoreRun() {}

    /** Whether the options ask for a semaphore. */
    static boolean wanted(RunOptions options) {
        return options.semaphore || options.semaphoreName != null;
    }

    /** Runs {@code sem [options] command} or {@code sem --wait}; returns the exit status. */
    static int run(RunOptions options, boolean waitForAll) throws IOException, InterruptedException {
        Path dir = directory(options.semaphoreName);
        if (waitForAll) {
            waitForAll(dir);
            return 0;
        }
        String line = RawArgs.toPlatform(String.join(" ", options.commandAndSources));
        if (line.isBlank()) {
            throw new UsageException("--semaphore: no command to run");
        }
        int slots = options.jobs.equals(dev.spool.cli.run.JobSlots.ONE_PER_CPU) ? 1
                : options.jobs.resolve(GnuParallelQueries.cpusForSlots(options));
        Files.createDirectories(dir);
        if (options.fg) {
            return runHolding(dir, slots, options.semaphoreTimeout, line, null);
        }
        return startInBackground(dir, slots, options.semaphoreTimeout, line);
    }

    /**
     * The background holder's main: {@code --semaphore-holder DIR SLOTS TIMEOUT READY LINE}. Takes a slot,
     * creates READY, runs LINE and returns its exit status.
     */
    static int holderMain(String[] args) throws IOException, InterruptedException {
        Double timeout = args[3].isEmpty() ? null : Double.valueOf(args[3]);
        return runHolding(Path.of(args[1]), Integer.parseInt(args[2]), timeout, args[5], Path.of(args[4]));
    }

    private static int startInBackground(Path dir, int slots, Double timeout, String line)
            throws IOException, InterruptedException {
        Path ready = dir.resolve("ready-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), HOLDER, dir.toString(),
                Integer.toString(slots), timeout == null ? "" : timeout.toString(), ready.toString(), line));
        Process holder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long pause = 1;
        while (!Files.exists(ready)) {
            if (holder.waitFor(pause, TimeUnit.MILLISECONDS)) {
                Files.deleteIfExists(ready);
                return holder.exitValue(); // it ended before it took a slot: a timeout, or it could not start
            }
            pause = Math.min(pause * 2, 20);
        }
        Files.deleteIfExists(ready);
        return 0;
    }

    /** Takes a slot (or not, after a positive timeout), runs {@code line} under /bin/sh, frees the slot. */
    private static int runHolding(Path dir, int slots, Double timeout, String line, Path ready)
            throws IOException, InterruptedException {
        FileLock slot = acquire(dir, slots, timeout);
        if (slot == null && timeout != null && timeout < 0) {
            return 1; // GNU sem: a negative --semaphoretimeout gives up without running the command
        }
        try {
            if (ready != null) {
                Files.createFile(ready);
            }
            Process job = new ProcessBuilder(shell(), "-c", line).inheritIO().start();
            return job.waitFor();
        } finally {
            if (slot != null) {
                slot.channel().close();
            }
        }
    }

    /**
     * A lock on a free slot; waits for one. Null if {@code timeout} seconds passed first (a positive timeout:
     * run anyway; a negative one: give up).
     */
    private static FileLock acquire(Path dir, int slots, Double timeout) throws IOException, InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + (long) (Math.abs(timeout) * 1e9);
        long pause = 1;
        while (true) {
            for (int i = 0; i < slots; i++) {
                FileChannel channel = new RandomAccessFile(dir.resolve("slot-" + i).toFile(), "rw").getChannel();
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
                channel.close();
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            Thread.sleep(pause); // another process holds every slot: fcntl has no "any of these" wait
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Waits until no slot of the semaphore is held. */
    private static void waitForAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> slots;
        try (var files = Files.list(dir)) {
            slots = files.filter(f -> f.getFileName().toString().startsWith("slot-")).sorted().toList();
        }
        for (Path slot : slots) {
            try (FileChannel channel = new RandomAccessFile(slot.toFile(), "rw").getChannel()) {
                channel.lock().release(); // blocks while the slot is held
            }
        }
    }

    /** {@code $PARALLEL_HOME/semaphores/spool-id-NAME}; NAME defaults, as in GNU parallel, to the tty's name. */
    private static Path directory(String name) {
        Map<String, String> env = System.getenv();
        String home = env.get("PARALLEL_HOME");
        Path base = home != null && !home.isEmpty() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".parallel");
        String id = name != null ? name : tty();
        if (id.isEmpty()) {
            throw new UsageException("--id: '' is not a semaphore name");
        }
        return base.resolve("semaphores").resolve("spool-id-" + safe(id));
    }

    /** The name of the controlling tty, as {@code tty} prints it, or {@code not a tty}. */
    private static String tty() {
        try {
            Path fd0 = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
            String path = fd0.toString();
            return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") ? path : "not a tty";
        } catch (IOException | UnsupportedOperationException e) {
            return "not a tty";
        }
    }

    /** A name usable as one path component: letters, digits, {@code -_.} kept, other bytes as hex. */
    private static String safe(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' && out.length() > 0) {
                out.append(c);
            } else {
                out.append(HexFormat.of().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String shell() {
        String shell = System.getenv("PARALLEL_SHELL");
        return shell != null && !shell.isEmpty() ? shell : "/bin/sh";
    }
}
