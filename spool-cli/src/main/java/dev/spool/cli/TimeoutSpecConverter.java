package dev.spool.cli;

import dev.spool.cli.run.TimeoutSpec;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code --timeout}'s value to a {@link TimeoutSpec}. Declared on the option in {@link
 * RunOptions}; picocli and {@link FastRunParser} both use it, so both paths convert identically. Stateless
 * and cheap to create.
 */
public final class TimeoutSpecConverter implements ITypeConverter<TimeoutSpec> {

    /**
     * Converts one value of the option.
     *
     * @throws UsageException naming the value: the one line spool prints for it
     */
    @Override
    public TimeoutSpec convert(String value) {
        return TimeoutSpec.parse(value);
    }
}
