package dev.spool.pool;

/** What a pool's workers are. */
public enum WorkerKind {
    /** Platform threads: parallel CPU work, blocking calls; about 1 MiB of stack each. */
    PLATFORM,
    /** Virtual threads: thousands of workers for blocking IO at little cost; always daemon threads. */
    VIRTUAL,
    /** Child JVMs: isolation from crashes, native code, and global state; tasks named by class. */
    PROCESS
}
