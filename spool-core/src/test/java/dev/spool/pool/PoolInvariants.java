package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.monitor.PoolEvent;
import dev.spool.monitor.PoolListener;
import dev.spool.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pool's invariants, checked after every test of a suite, as Caffeine's validation interceptor checks
 * its caches: give every pool a test builds {@link #listener()}, stop the pools, then {@link #check()}:
 * <ul>
 *   <li>every submitted task got exactly one outcome, and nothing finished that was not submitted;
 *   <li>every worker that started has stopped: no loop or child is left alive;
 *   <li>every child process of a PROCESS pool has exited;
 *   <li>every pool has terminated and its loop threads are gone.
 * </ul>
 */
public final class PoolInvariants {

    private final List<PoolEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    /** The listener to give each pool's builder. */
    public PoolListener listener() {
        return events::add;
    }

    /** Registers a built pool, so that the check can stop it and look at its state. */
    public Pool track(Pool pool) {
        pools.put(pool.name(), pool);
        return pool;
    }

    /** Stops every tracked pool immediately, waits for each to terminate, then checks the invariants. */
    public void stopAndCheck() throws InterruptedException {
        for (Pool pool : pools.values()) {
            pool.stopNow();
            Await.termination(pool);
        }
        check();
    }

    /** Checks the invariants over every event seen so far; the pools must have terminated. */
    public void check() throws InterruptedException {
        Map<String, Map<Long, Integer>> submitted = new TreeMap<>();
        Map<String, Map<Long, Integer>> finished = new TreeMap<>();
        Map<String, List<String>> workersUp = new TreeMap<>();
        Map<String, List<String>> workersDown = new TreeMap<>();
        for (PoolEvent event : events) {
            switch (event) {
                case PoolEvent.Submitted s -> submitted.computeIfAbsent(s.pool(), k -> new TreeMap<>())
                        .merge(s.seq(), 1, Integer::sum);
                case PoolEvent.Finished f -> finished.computeIfAbsent(f.pool(), k -> new TreeMap<>())
                        .merge(f.outcome().info().seq(), 1, Integer::sum);
                case PoolEvent.WorkerStarted w -> workersUp.computeIfAbsent(w.pool(), k -> new ArrayList<>())
                        .add(w.worker());
                case PoolEvent.WorkerStopped w -> workersDown.computeIfAbsent(w.pool(), k -> new ArrayList<>())
                        .add(w.worker());
                default -> {
                }
            }
        }
        for (var entry : submitted.entrySet()) {
            String pool = entry.getKey();
            Map<Long, Integer> outcomes = finished.getOrDefault(pool, Map.of());
            entry.getValue().forEach((seq, times) -> {
                assertThat(times).as("pool %s: task %d submitted once", pool, seq).isEqualTo(1);
                assertThat(outcomes.get(seq)).as("pool %s: outcomes of task %d", pool, seq).isEqualTo(1);
            });
            assertThat(outcomes.keySet()).as("pool %s: outcomes of tasks never submitted", pool)
                    .isSubsetOf(entry.getValue().keySet());
        }
        for (var entry : workersUp.entrySet()) {
            assertThat(workersDown.getOrDefault(entry.getKey(), List.of()))
                    .as("pool %s: every worker that started has stopped", entry.getKey())
                    .containsExactlyInAnyOrderElementsOf(entry.getValue());
            for (String worker : entry.getValue()) {
                if (worker.startsWith("pid ")) {
                    long pid = Long.parseLong(worker.substring(4));
                    Await.until("child " + pid + " of pool " + entry.getKey() + " exited",
                            () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
                }
            }
        }
        for (Pool pool : pools.values()) {
            assertThat(pool.isTerminated()).as("pool %s terminated", pool.name()).isTrue();
            Await.until("the loop threads of pool " + pool.name() + " ended", () -> Thread.getAllStackTraces()
                    .keySet().stream().noneMatch(t -> t.getName().startsWith(pool.name() + "-worker-")));
        }
    }
}
