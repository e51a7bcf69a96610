package dev.spool.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.PoolInvariants;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pool's children live in one process group of their own, not the parent's. */
public class ProcessGroupTest {

    /** Every pool of the test, checked after it: one outcome per task, no loop or child left. */
    private final PoolInvariants invariants = new PoolInvariants();

    @AfterEach
    void checkInvariants() throws InterruptedException {
        invariants.stopAndCheck();
    }


    /** Returns the process group of the JVM that runs it, from /proc/self/stat. */
    public static final class ProcessGroupOf implements Task<String, String> {
        @Override
        public String run(String input, TaskContext context) throws Exception {
            return processGroup("self");
        }
    }

    @Test
    void processPool_children_shareOneGroupOfTheirOwn() throws Exception {
        Set<String> groups;
        try (Pool pool = invariants.track(Pool.builder().kind(ProcessWorkers.childJvms().tasksPerChild(5)).workers(2)
                .handleSignals(false).listener(invariants.listener()).build())) {
            try (var outcomes = pool.map(new ProcessGroupOf(), Collections.nCopies(30, "x"),
                    MapOptions.completionOrder())) {
                groups = outcomes.map(Outcome::valueOrThrow).collect(Collectors.toSet());
            }
        }
        assertThat(groups).as("one group for all children, recycled ones included").hasSize(1);
        assertThat(groups).doesNotContain(processGroup("self"));
    }

    static String processGroup(String pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2];
    }
}
