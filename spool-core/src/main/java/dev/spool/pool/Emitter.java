package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.monitor.PoolListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delivers a pool's events to its listeners; a listener that throws is logged, never fatal. */
final class Emitter {

    private static final System.Logger LOG = System.getLogger("dev.spool.pool");

    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();

    void add(PoolListener listener) {
        listeners.add(listener);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void emit(PoolEvent event) {
        for (PoolListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "pool listener " + listener + " failed on " + event, e);
            }
        }
    }
}
