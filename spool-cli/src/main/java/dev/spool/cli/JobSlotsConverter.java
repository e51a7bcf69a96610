package dev.spool.cli;

import dev.spool.cli.job.IoReason;
import dev.spool.cli.run.JobSlots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code -j}'s value to a {@link JobSlots} spec (resolved against the CPUs when the run starts).
 * Declared on the option in {@link RunOptions}; picocli and {@link FastRunParser} both use it, so both
 * paths convert identically. Stateless and cheap to create.
 */
public final class JobSlotsConverter implements ITypeConverter<JobSlots> {

    /**
     * Converts one value of the option.
     *
     * @throws UsageException naming the value: the one line spool prints for it
     */
    @Override
    public JobSlots convert(String value) {
        try {
            return JobSlots.parse(value);
        } catch (UsageException notASpec) {
            Path file = Path.of(RawArgs.toPlatform(value));
            if (!Files.isRegularFile(file)) {
                throw notASpec;
            }
            // GNU parallel: -j FILE reads the number from the file (spool reads it once, at the start)
            String spec;
            try {
                spec = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                        .map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            } catch (IOException e) {
                throw new UsageException("-j: cannot read '" + value + "': " + IoReason.of(e), e);
            }
            try {
                return JobSlots.parse(spec);
            } catch (UsageException bad) {
                throw new UsageException("-j " + value + ": the file holds '" + spec
                        + "', not a number of jobs (N, +N, -N, N% or 0)", bad);
            }
        }
    }
}
