package dev.spool.pool;

/** The pool conformance suite on virtual threads. */
class VirtualPoolTest extends PoolConformanceTest {
    @Override
    protected WorkerKind kind() {
        return WorkerKind.VIRTUAL;
    }
}
