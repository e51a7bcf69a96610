package dev.spool.launch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Run in a child JVM by {@link OrphanGuardTest}: launches guarded jobs and prints one line
 * "watchdog job grandchild escaped" of pids, then waits for a line on stdin and exits normally (or is
 * killed first).
 */
public final class OrphanGuardProbe {
    private OrphanGuardProbe() {}

    public static void main(String[] args) throws Exception {
        PosixSpawnLauncher launcher = PosixSpawnLauncher.guarded();
        LaunchedJob sleeper = launcher.launch(JobSpec.builder("sleep", "1000").stdin(Redirect.NULL).build());
        // A grandchild in the job's group, and one that left the group with setsid.
        LaunchedJob shell = launcher.launch(JobSpec.builder("sh", "-c",
                        "sleep 1000 & echo $!; setsid sleep 1000 & echo $!; wait")
                .stdin(Redirect.NULL).stdout(Redirect.PIPE).build());
        BufferedReader lines = new BufferedReader(new InputStreamReader(shell.stdout(), StandardCharsets.UTF_8));
        String grandchild = lines.readLine();
        String escaped = lines.readLine();
        System.out.println(OrphanGuard.instance().watchdogPid() + " " + sleeper.pid() + " " + shell.pid() + " "
                + grandchild + " " + escaped);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.exit(0);
    }
}
