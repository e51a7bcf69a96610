package dev.spool.pool;

/** The pool conformance suite on platform threads. */
class PlatformPoolTest extends PoolConformanceTest {
    @Override
    protected WorkerKind kind() {
        return WorkerKind.PLATFORM;
    }
}
