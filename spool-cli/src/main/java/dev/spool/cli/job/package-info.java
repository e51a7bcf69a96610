/**
 * From parsed options to job command lines: input sources, the command template, and the form in which a
 * job is executed. Pure logic: nothing here starts a process.
 *
 * <h2>Bytes, not characters</h2>
 * Input values may hold any bytes, UTF-8 or not, and reach the job byte for byte. Every piece of text in
 * this package (input records, values, command words, templates, the rendered display line) is therefore a
 * Java {@code String} decoded as <b>ISO-8859-1</b>: one {@code char} per byte, {@code '\u0000'..'\u00FF'}.
 * Decode input with {@link java.nio.charset.StandardCharsets#ISO_8859_1}, and encode anything written out
 * (argv, the {@code --dry-run} line) the same way; {@link dev.spool.cli.job.JobCommand#argv()} is already
 * {@code byte[]}. Command-line words reach the JVM decoded by the platform charset, so the caller must
 * re-encode them to their original bytes and decode those as ISO-8859-1 before building a template.
 *
 * <h2>Pipeline</h2>
 * <ol>
 *   <li>{@link dev.spool.cli.job.InputSource}s ({@code :::}, {@code ::::}, {@code -a}, stdin) are read lazily
 *       as records split by a {@link dev.spool.cli.job.RecordDelimiter};</li>
 *   <li>{@link dev.spool.cli.job.JobInputs} combines the sources (every combination, or linked), splits
 *       columns ({@code --colsep}), trims ({@link dev.spool.cli.job.TrimMode}), groups records per job
 *       ({@code -n}/{@code -N}) and yields {@link dev.spool.cli.job.JobArgs} lazily;</li>
 *   <li>a {@link dev.spool.cli.job.CommandTemplate}, parsed once, renders each {@code JobArgs} into a
 *       {@link dev.spool.cli.job.JobCommand}: the argv to launch (directly, or {@code sh -c} with every
 *       value quoted) and the line that {@code --dry-run} prints.</li>
 * </ol>
 * Errors in the user's options are {@link dev.spool.cli.job.JobSpecException}s (exit 255 in the CLI).
 */
package dev.spool.cli.job;
