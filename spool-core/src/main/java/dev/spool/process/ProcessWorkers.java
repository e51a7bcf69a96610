package dev.spool.process;

import dev.spool.pool.WorkerKind;
import dev.spool.pool.spi.WorkerBackend;
import dev.spool.pool.spi.WorkerBackendFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Workers that are child JVMs, with their settings: give it to {@link
 * dev.spool.pool.PoolBuilder#kind(WorkerBackendFactory)}. {@code kind(WorkerKind.PROCESS)} is the same as
 * {@code kind(ProcessWorkers.childJvms())}, the defaults.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder()
 *         .kind(ProcessWorkers.childJvms().jvmOptions("-Xmx64m").tasksPerChild(1000))
 *         .workers(4)
 *         .build()) {
 *     pool.map(new Checksum(), files).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Immutable: each setter returns a copy with one setting changed, so one value can configure several
 * pools. Every setter validates its argument and names the bad value.
 */
public final class ProcessWorkers implements WorkerBackendFactory {

    private final ProcessWorkerSpec spec;

    /**
     * The defaults, as {@link #childJvms()}. Public because {@link java.util.ServiceLoader} makes the factory
     * that {@code kind(WorkerKind.PROCESS)} uses through it.
     */
    public ProcessWorkers() {
        this(ProcessWorkerSpec.defaults());
    }

    private ProcessWorkers(ProcessWorkerSpec spec) {
        this.spec = spec;
    }

    /**
     * Child JVMs run by this JVM's own {@code java}, with no options, the built-in codecs only, no limit on
     * tasks per child and no initializer.
     */
    public static ProcessWorkers childJvms() {
        return new ProcessWorkers();
    }

    /**
     * Adds options for each child JVM, e.g. {@code -Xmx64m}, {@code -Dkey=value}, {@code -XX:+UseSerialGC}.
     * The class path and main class are the pool's to set.
     *
     * @throws IllegalArgumentException naming an option that is blank, does not start with {@code -}, or sets
     *     the class path, module path or main class
     */
    public ProcessWorkers jvmOptions(String... options) {
        Objects.requireNonNull(options, "options");
        for (String option : options) {
            Objects.requireNonNull(option, "a JVM option");
            if (option.isBlank() || !option.startsWith("-")) {
                throw new IllegalArgumentException("a JVM option must start with '-', was '" + option + "'");
            }
            String name = option.split("[=:]", 2)[0];
            if (List.of("-cp", "-classpath", "--class-path", "-jar", "-m", "--module", "-p", "--module-path")
                    .contains(name)) {
                throw new IllegalArgumentException("JVM option '" + option + "' is not allowed: children use the"
                        + " pool's class path and module path and Spool's worker main class");
            }
        }
        List<String> all = new ArrayList<>(spec.jvmOptions());
        all.addAll(List.of(options));
        return new ProcessWorkers(new ProcessWorkerSpec(spec.javaHome(), all, spec.codecs(), spec.tasksPerChild(),
                spec.initializer()));
    }

    /**
     * Adds a codec for inputs and results of another type than the built-in ones ({@code String}, {@code
     * byte[]}, boxed primitives); see {@link Codec}. Codecs are tried in the order added.
     *
     * @throws IllegalArgumentException if a child JVM cannot create the codec's class by name
     */
    public ProcessWorkers codec(Codec<?> codec) {
        Objects.requireNonNull(codec, "codec");
        TaskClasses.requireCreatableInChild(codec.getClass(), "codec");
        Objects.requireNonNull(codec.type(), () -> "codec " + codec.getClass().getName() + " has a null type()");
        List<Codec<?>> all = new ArrayList<>(spec.codecs());
        all.add(codec);
        return new ProcessWorkers(new ProcessWorkerSpec(spec.javaHome(), spec.jvmOptions(), all,
                spec.tasksPerChild(), spec.initializer()));
    }

    /**
     * Replaces each child JVM by a fresh one after it has run {@code tasks} tasks (Python's {@code
     * maxtasksperchild}); a chunk is not split, so a child may run a little more. Default: no limit.
     */
    public ProcessWorkers tasksPerChild(int tasks) {
        if (tasks <= 0) {
            throw new IllegalArgumentException("tasksPerChild must be positive, was " + tasks);
        }
        return new ProcessWorkers(new ProcessWorkerSpec(spec.javaHome(), spec.jvmOptions(), spec.codecs(), tasks,
                spec.initializer()));
    }

    /**
     * Runs an instance of {@code initializer} once in each child JVM before its first task (Python's {@code
     * initializer}). Its failure fails the child's start, and so the pool's build.
     *
     * @throws IllegalArgumentException if a child JVM cannot create the class by name
     */
    public ProcessWorkers workerInitializer(Class<? extends WorkerInitializer> initializer) {
        Objects.requireNonNull(initializer, "initializer");
        TaskClasses.requireCreatableInChild(initializer, "worker initializer");
        return new ProcessWorkers(new ProcessWorkerSpec(spec.javaHome(), spec.jvmOptions(), spec.codecs(),
                spec.tasksPerChild(), initializer));
    }

    /** The Java installation whose {@code bin/java} runs the child JVMs; default this JVM's {@code java.home}. */
    public ProcessWorkers javaHome(Path javaHome) {
        Objects.requireNonNull(javaHome, "javaHome");
        return new ProcessWorkers(new ProcessWorkerSpec(javaHome, spec.jvmOptions(), spec.codecs(),
                spec.tasksPerChild(), spec.initializer()));
    }

    /** {@link WorkerKind#PROCESS}. */
    @Override
    public WorkerKind kind() {
        return WorkerKind.PROCESS;
    }

    @Override
    public WorkerBackend newBackend() {
        return new ProcessWorkerBackend(spec);
    }

    @Override
    public String toString() {
        return "ProcessWorkers" + spec;
    }
}
