/**
 * Launching job processes for the {@code spool} command and process workers: one direct
 * {@code posix_spawnp} per job through the Foreign Function &amp; Memory API (Linux, glibc 2.34+).
 *
 * <ul>
 * <li>{@link dev.spool.launch.JobSpec} — what to run: argv and environment as bytes, working directory,
 *     {@link dev.spool.launch.Redirect}s for stdin, stdout and stderr;</li>
 * <li>{@link dev.spool.launch.PosixSpawnLauncher} — starts it, each job leading its own process group with
 *     default signal state and only fds 0–2; failures are {@link dev.spool.launch.LaunchException}s;</li>
 * <li>{@link dev.spool.launch.LaunchedJob} — waiting ({@link dev.spool.launch.ExitStatus}) and signalling
 *     the job or its whole group;</li>
 * <li>{@link dev.spool.launch.TermSequence} — GNU parallel's {@code --termseq} escalation;</li>
 * <li>{@link dev.spool.launch.OrphanGuard} — no job outlives the JVM, even one killed by SIGKILL.</li>
 * </ul>
 */
package dev.spool.launch;
