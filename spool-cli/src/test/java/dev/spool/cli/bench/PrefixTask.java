package dev.spool.cli.bench;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;

/**
 * A user's task for {@code spool bench --task} in the tests: returns its input's length; fails on an input
 * that starts with "boom", naming it, so a test can tell which inputs the bench fed.
 */
public class PrefixTask implements Task<String, Integer> {
    @Override
    public Integer run(String input, TaskContext context) {
        if (input.startsWith("boom")) {
            throw new IllegalArgumentException("not ok: " + input);
        }
        return input.length();
    }
}
