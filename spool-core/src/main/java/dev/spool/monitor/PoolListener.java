package dev.spool.monitor;

/**
 * Receives a pool's events. Called synchronously on the thread where the event happens (usually a
 * worker), so it must be quick and thread-safe; an exception it throws is logged and does not affect the
 * task or the pool.
 */
@FunctionalInterface
public interface PoolListener {
    void onEvent(PoolEvent event);
}
