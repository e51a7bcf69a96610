package dev.spool.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A real OpenSSH server on 127.0.0.1 for the remote-execution tests: its own host key, a client key in its
 * authorized keys, and an ssh config that names it {@code testhost}. Use {@link #sshOption()} as {@code --ssh}.
 * Absent {@code sshd}, the tests are skipped, unless {@code CI} is set (then they fail: .ci/run installs it).
 */
final class LocalSshd implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final Process process;

    private LocalSshd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Skips the calling test class when sshd is not installed (fails under CI). */
    static void require() {
        if (!Files.isExecutable(SSHD) || !Files.isExecutable(Path.of("/usr/bin/ssh"))) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("sshd and ssh are needed (Debian's openssh-server); .ci/run installs them");
            }
            org.junit.jupiter.api.Assumptions.abort("sshd or ssh not installed");
        }
    }

    static LocalSshd start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of());
    }

    /** As {@link #start(Path)}, with more lines for sshd_config ({@code ForceCommand ...}). */
    static LocalSshd start(Path dir, List<String> sshdConfig) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        keygen(dir.resolve("hostkey"));
        keygen(dir.resolve("key"));
        Files.copy(dir.resolve("key.pub"), dir.resolve("authorized_keys"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("hostkey"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "PermitRootLogin yes",
                "StrictModes no", "UsePAM no", "PidFile " + dir.resolve("sshd.pid"), "MaxStartups 50",
                "MaxSessions 50", "LogLevel ERROR", String.join("\n", sshdConfig), ""));
        for (String host : List.of("testhost", "*")) { // ssh_config names it testhost; ssh_config_any, every host
            writeClientConfig(dir.resolve(host.equals("*") ? "ssh_config_any" : "ssh_config"), host, port);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        }
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-f", dir.resolve("sshd_config").toString(),
                "-E", dir.resolve("sshd.log").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.out").toFile()).start();
        LocalSshd server = new LocalSshd(dir, sshd);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return server;
            } catch (IOException notYet) {
                if (!sshd.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.out"))
                            + Files.readString(dir.resolve("sshd.log")), notYet);
                }
                Thread.sleep(50); // polling a port: there is nothing to wait on
            }
        }
    }

    private static void writeClientConfig(Path file, String host, int port) throws IOException {
        Files.writeString(file, String.join("\n",
                "Host " + host, "  HostName 127.0.0.1", "  Port " + port,
                "  User " + System.getProperty("user.name"), "  IdentityFile " + file.resolveSibling("key"),
                "  IdentitiesOnly yes", "  StrictHostKeyChecking no", "  UserKnownHostsFile /dev/null",
                "  BatchMode yes", "  LogLevel ERROR", ""));
    }

    /** An ssh config under which every host name reaches this server (as the user running the tests). */
    Path configForEveryHost() {
        return dir.resolve("ssh_config_any");
    }

    /** The {@code --ssh} value that reaches this server as {@code testhost}. */
    String sshOption() {
        return "ssh -F " + dir.resolve("ssh_config");
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()))
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(out));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
