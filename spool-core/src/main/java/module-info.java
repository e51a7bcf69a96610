/**
 * Spool's library: work queues, worker pools of threads, virtual threads or child JVMs, pipelines of
 * pools, typed outcomes, stop and signals, monitoring. JDK only.
 *
 * <p>The exported packages are the API; {@code dev.spool.pool.spi} is the service-provider interface that
 * worker kinds implement ({@code dev.spool.process} does). {@code dev.spool.queue.internal} (the pool's
 * FIFO) is not exported, and {@code dev.spool.launch} (the command's {@code posix_spawn} launcher, process
 * groups and output capture) only to the command, which ships as one jar on the class path, where module
 * boundaries do not apply.
 *
 * <p>Process workers and the launcher call {@code posix_spawn} and friends through the foreign-function
 * API: run with {@code --enable-native-access=dev.spool.core} on the module path ({@code ALL-UNNAMED} on
 * the class path) to silence the JDK's warning.
 */
module dev.spool.core {
    requires transitive java.logging;   // SpoolLogFormatter extends java.util.logging.Formatter
    requires jdk.unsupported;           // ShutdownSignals, ChildMain: sun.misc.Signal, the JDK's only signal API

    exports dev.spool.outcome;
    exports dev.spool.pool;
    exports dev.spool.pool.spi;
    exports dev.spool.pipeline;
    exports dev.spool.process;
    exports dev.spool.queue;
    exports dev.spool.stop;
    exports dev.spool.monitor;
    exports dev.spool.launch to dev.spool.cli;
    // dev.spool.internal (the shared scheduler) and dev.spool.queue.internal are not exported.

    uses dev.spool.pool.spi.WorkerBackendFactory;
    provides dev.spool.pool.spi.WorkerBackendFactory with dev.spool.process.ProcessWorkers;
}
