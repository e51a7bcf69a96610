package dev.spool.cli.run;

import java.util.List;

/**
 * A job ready to launch: what its template and input made of it.
 *
 * @param seq the job's sequence number ({@code {#}}, {@code $PARALLEL_SEQ}), from 1
 * @param argv the program and its arguments, as bytes; for a shell job {@code sh -c LINE}
 * @param display the command as GNU parallel shows it ({@code --dry-run}, {@code -v}, the joblog)
 * @param tag what {@code --tag} puts before each output line (the values, space-separated)
 */
public record PlannedJob(long seq, List<byte[]> argv, String display, String tag) {}
