package dev.spool.cli.bench;

/** Test access to {@link ShellBench}'s PATH lookup. */
public final class ShellBenchAccess {

    private ShellBenchAccess() {}

    public static boolean onPath(String program) {
        return ShellBench.onPath(program);
    }
}
