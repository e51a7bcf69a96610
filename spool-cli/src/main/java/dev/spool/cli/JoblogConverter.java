package dev.spool.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code --joblog}'s value: a file name, or {@code +FILE} to append to it, as GNU parallel reads
 * it. Declared on the option in {@link RunOptions}; picocli and {@link FastRunParser} both use it. Stateless.
 */
final class JoblogConverter implements ITypeConverter<JoblogConverter.Joblog> {

    /** Where the joblog goes, and whether it is appended to. */
    record Joblog(Path file, boolean append) {}

    /** @throws UsageException naming the value when it names no file */
    @Override
    public Joblog convert(String value) {
        return OptionValues.joblog(value);
    }
}
