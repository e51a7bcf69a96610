package dev.spool.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the child JVMs of a pool of process workers are made: what {@link ProcessWorkers} collected.
 * Immutable.
 *
 * @param javaHome the Java installation whose {@code bin/java} runs the children
 * @param jvmOptions options for each child JVM, e.g. {@code -Xmx64m}
 * @param codecs the pool's own codecs, after the built-in ones
 * @param tasksPerChild how many tasks a child runs before it is replaced by a fresh one; 0 for no limit
 * @param initializer runs once in each child before its first task, or null
 */
record ProcessWorkerSpec(Path javaHome, List<String> jvmOptions, List<Codec<?>> codecs, int tasksPerChild,
                                Class<? extends WorkerInitializer> initializer) {

    ProcessWorkerSpec {
        Objects.requireNonNull(javaHome, "javaHome");
        jvmOptions = List.copyOf(jvmOptions);
        codecs = List.copyOf(codecs);
        if (tasksPerChild < 0) {
            throw new IllegalArgumentException("tasksPerChild must not be negative, was " + tasksPerChild);
        }
    }

    /** The defaults: this JVM's Java, no options, built-in codecs only, no limit, no initializer. */
    static ProcessWorkerSpec defaults() {
        return new ProcessWorkerSpec(Path.of(System.getProperty("java.home")), List.of(), List.of(), 0, null);
    }
}
