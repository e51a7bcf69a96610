package dev.spool.cli;

import dev.spool.cli.run.JobSlots;
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
        return JobSlots.parse(value);
    }
}
