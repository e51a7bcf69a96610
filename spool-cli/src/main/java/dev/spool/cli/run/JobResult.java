package dev.spool.cli.run;

/**
 * How a job ended, and where its output waits to be printed.
 *
 * @param job the job
 * @param display its command as GNU parallel shows it, rendered in its slot
 * @param tag what {@code --tag} puts before its output lines
 * @param startEpochSeconds when its last attempt started
 * @param runtimeSeconds how long its last attempt ran
 * @param exitValue its exit code (0 when killed by a signal, as GNU parallel's joblog has it)
 * @param signal the signal that killed it, or 0
 * @param stdout its captured standard output ({@link CapturedOutput#NONE} when not grouped)
 * @param stderr its captured standard error ({@link CapturedOutput#NONE} when not grouped)
 * @param killedByStop true if spool killed it because spool itself was interrupted (not logged)
 * @param timedOut true if spool killed it for running past {@code --timeout}
 * @param outputLost true if its output may be incomplete: the capture directory filled up while it ran
 * @param slot the job slot it ran in
 * @param skipped true if a Perl expression called {@code skip()}: it did not run; as in GNU parallel it
 *     counts as failed, with exit value -2, and prints nothing
 */
public record JobResult(PlannedJob job, String display, String tag, double startEpochSeconds,
                        double runtimeSeconds, int exitValue, int signal, CapturedOutput stdout,
                        CapturedOutput stderr, boolean killedByStop, boolean timedOut, boolean outputLost,
                        int slot, boolean skipped) {

    /** The job that {@code skip()} left out, in {@code slot}. */
    static JobResult skipped(PlannedJob job, int slot, String display, String tag) {
        return new JobResult(job, display, tag, System.currentTimeMillis() / 1000.0, 0, -2, 0, CapturedOutput.NONE,
                CapturedOutput.NONE, false, false, false, slot, true);
    }

    public boolean succeeded() {
        return exitValue == 0 && signal == 0;
    }

    /** The status a shell would report: the exit code, or 128 + the signal. */
    public int shellStatus() {
        return signal != 0 ? 128 + signal : exitValue;
    }
}
