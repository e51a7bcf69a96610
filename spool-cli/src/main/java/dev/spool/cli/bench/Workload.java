package dev.spool.cli.bench;

import dev.spool.pool.Task;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A Java workload of the matrix: a task (a public named class, so process workers can run it too), how to
 * make the input of task {@code i}, and how many tasks a run has unless {@code --tasks} says otherwise.
 *
 * @param name the name on the command line
 * @param task the task
 * @param input the input of task {@code i}
 * @param defaultTasks tasks per run by default: sized so that one run takes tens of milliseconds
 */
public record Workload(String name, Task<Integer, Integer> task, IntFunction<Integer> input, int defaultTasks) {

    /** The names of the built-in workloads, in the table's order. */
    public static final List<String> NAMES = List.of("cpu", "sleep", "tiny", "mixed");

    /** The built-in workload called {@code name}; {@code sleep} is the wait of the sleep and mixed ones. */
    public static Workload builtIn(String name, Duration sleep) {
        int micros = (int) Math.min(Integer.MAX_VALUE, sleep.toNanos() / 1000);
        return switch (name) {
            case "cpu" -> new Workload(name, new CpuTask(), i -> i, 400);
            case "sleep" -> new Workload(name, new SleepTask(), i -> micros, 100);
            case "tiny" -> new Workload(name, new TinyTask(), i -> i, 20_000);
            case "mixed" -> new Workload(name, new MixedTask(), i -> micros, 100);
            default -> throw new IllegalArgumentException("no workload named '" + name + "'; there are " + NAMES);
        };
    }
}
