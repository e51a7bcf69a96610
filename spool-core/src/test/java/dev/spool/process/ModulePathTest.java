package dev.spool.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.pool.Pool;
import dev.spool.testing.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dev.spool.core} as a module, from the outside: a consumer module is compiled against it and run on
 * the module path. It sees the API and nothing else, finds the process workers through the service that
 * {@code kind(WorkerKind.PROCESS)} loads, and its child JVMs start on the module path too. The other tests
 * run on the class path (see the pom), so this is where the module descriptor is tested.
 */
class ModulePathTest {

    @TempDir
    Path dir;

    private static Path coreModule() throws Exception {
        Path classes = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes.resolve("module-info.class")).as("the module's compiled classes").exists();
        return classes;
    }

    private String compile(Path sources, Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // An empty class path: in-process javac would otherwise search this test JVM's, which has the module's
        // classes on it too.
        Path noClassPath = Files.createDirectories(dir.resolve("empty-class-path"));
        List<String> args = new ArrayList<>(List.of("--module-path", coreModule().toString(),
                "--class-path", noClassPath.toString(), "-d", out.toString(), "-Xlint:none"));
        try (var files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        var messages = new ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, args.toArray(String[]::new));
        String text = messages.toString();
        return status == 0 ? "" : text.isEmpty() ? "javac failed without a message" : text;
    }

    private void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void consumerModule_usesTheApi_andProcessWorkersStartOnTheModulePath() throws Exception {
        Path src = dir.resolve("src");
        write(src, "module-info.java", """
                module app {
                    requires dev.spool.core;
                    exports app;   // a child JVM creates the task by name
                }
                """);
        write(src, "app/Square.java", """
                package app;
                import dev.spool.pool.*;
                public final class Square implements Task<Integer, Integer> {
                    @Override public Integer run(Integer x, TaskContext context) { return x * x; }
                }
                """);
        write(src, "app/Pid.java", """
                package app;
                import dev.spool.pool.*;
                public final class Pid implements Task<String, Long> {
                    @Override public Long run(String ignored, TaskContext context) {
                        return ProcessHandle.current().pid();
                    }
                }
                """);
        write(src, "app/Main.java", """
                package app;
                import dev.spool.outcome.Outcome;
                import dev.spool.pool.*;
                import dev.spool.process.ProcessWorkers;
                import java.util.*;
                public final class Main {
                    public static void main(String[] args) throws Exception {
                        try (Pool pool = Pool.builder().kind(WorkerKind.PROCESS).workers(2).handleSignals(false)
                                .build()) {
                            long sum = pool.map(new Square(), List.of(1, 2, 3, 4))
                                    .mapToLong(o -> o.valueOrThrow()).sum();
                            System.out.println("sum " + sum);
                            Set<Long> pids = new TreeSet<>(pool.workerPids());
                            long child = pool.submit(new Pid(), "x").get();
                            System.out.println("child is a worker " + pids.contains(child)
                                    + ", not this JVM " + (child != ProcessHandle.current().pid()));
                        }
                        try (Pool pool = Pool.builder().kind(ProcessWorkers.childJvms().jvmOptions("-Xmx32m"))
                                .workers(1).handleSignals(false).build()) {
                            System.out.println("kind " + pool.kind());
                        }
                        try (Pool pool = Pool.builder().kind(WorkerKind.VIRTUAL).workers(2).handleSignals(false)
                                .build()) {
                            System.out.println("callable " + pool.submit(() -> "ok").get());
                        }
                        System.out.println("module " + Pool.class.getModule().getName());
                    }
                }
                """);
        Path out = dir.resolve("out");
        assertThat(compile(src, out)).as("javac's messages").isEmpty();

        Path log = dir.resolve("stderr.txt");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=dev.spool.core",
                "--module-path", coreModule() + java.io.File.pathSeparator + out,
                "-m", "app/app.Main")
                .redirectError(log.toFile()).start();
        String stdout = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = app.waitFor(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            app.destroyForcibly();
        }
        String stderr = Files.readString(log);
        assertThat(ended).as("the app ended; stdout: %s; stderr: %s", stdout, stderr).isTrue();
        assertThat(app.exitValue()).as("exit status; stderr: %s", stderr).isZero();
        assertThat(stdout.lines()).containsExactly(
                "sum 30",
                "child is a worker true, not this JVM true",
                "kind PROCESS",
                "callable ok",
                "module dev.spool.core");
        assertThat(stderr).doesNotContain("WARNING");
    }

    @Test
    void consumerModule_cannotReachTheInternals() throws Exception {
        Path src = dir.resolve("bad");
        write(src, "module-info.java", "module bad { requires dev.spool.core; }\n");
        write(src, "bad/Internals.java", """
                package bad;
                public final class Internals {
                    dev.spool.queue.internal.FifoQueue<String> fifo;           // not exported
                    dev.spool.launch.PosixSpawnLauncher launcher;              // exported to the command only
                    dev.spool.process.ProcessWorkerBackend backend;            // not public
                }
                """);
        String messages = compile(src, dir.resolve("bad-out"));

        assertThat(messages)
                .contains("package dev.spool.queue.internal is declared in module dev.spool.core, which does not"
                        + " export it")
                .contains("package dev.spool.launch is declared in module dev.spool.core, which does not export it"
                        + " to module bad")
                .contains("ProcessWorkerBackend is not public in dev.spool.process");
    }
}
