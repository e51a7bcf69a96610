package dev.spool.cli;

import dev.spool.launch.PosixSpawnLauncher;

/** The {@code spool} command's entry point. */
public final class Main {
    private Main() {}

    /** java.util.logging's one-line format for what the library logs (a warning): {@code spool: message}. */
    static final String LOG_FORMAT = "spool: %4$s: %5$s%6$s%n";

    public static void main(String[] args) {
        // The library logs through System.Logger (java.util.logging here): one line each, as the command's own.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        if (args.length == 6 && args[0].equals(SemaphoreRun.HOLDER)) { // sem's background half: see SemaphoreRun
            try {
                System.exit(SemaphoreRun.holderMain(args));
            } catch (Exception e) {
                System.err.println("spool: --semaphore: " + e.getMessage());
                System.exit(ExitCodes.ERROR);
            }
        }
        // Linking the native calls and starting the orphan guard are the largest part of a job run's start:
        // done on another thread while the arguments are read and the jobs planned.
        boolean runsJobs = args.length == 0 || !SpoolCommand.SUBCOMMANDS.contains(args[0]) || args[0].equals("run");
        Thread.ofPlatform().daemon().name("spool-prepare").start(() -> PosixSpawnLauncher.prepare(runsJobs));
        System.exit(SpoolCommand.execute(RawArgs.of(args)));
    }
}
