package dev.spool.pool;

/** The pool conformance suite on child JVMs. */
class ProcessPoolTest extends PoolConformanceTest {
    @Override
    protected WorkerKind kind() {
        return WorkerKind.PROCESS;
    }
}
