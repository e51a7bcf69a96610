package dev.spool.cli;

/**
 * The fixed table of the command's exit codes, GNU parallel's:
 *
 * <table>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>every job succeeded</td></tr>
 *   <tr><td>1-100</td><td>that many jobs failed</td></tr>
 *   <tr><td>101</td><td>more than 100 jobs failed</td></tr>
 *   <tr><td>the job's own</td><td>{@code --halt ...,fail=N} stopped the run: the exit status of the job
 *       that made it stop</td></tr>
 *   <tr><td>141</td><td>stdout was closed (the reader of a pipe went away, as in {@code spool ... | head -1}):
 *       the status of GNU parallel killed by SIGPIPE (128 + 13), with no message</td></tr>
 *   <tr><td>255</td><td>any other error (bad option, unreadable input) and after SIGINT/SIGTERM</td></tr>
 * </table>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int MANY_FAILED = 101;
    public static final int STDOUT_CLOSED = 141;
    public static final int ERROR = 255;

    private ExitCodes() {}

    /** The code for {@code failed} failed jobs: the count up to 100, then 101. */
    public static int forFailures(long failed) {
        return failed <= 100 ? (int) failed : MANY_FAILED;
    }
}
