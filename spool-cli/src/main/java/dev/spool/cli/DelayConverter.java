package dev.spool.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code --delay}'s value (seconds, or N with s/m/h/d; zero allowed) to a {@link Duration}.
 * Declared on the option in {@link RunOptions}; picocli and {@link FastRunParser} both use it, so both
 * paths convert identically. Stateless and cheap to create.
 */
public final class DelayConverter implements ITypeConverter<Duration> {

    /**
     * Converts one value of the option.
     *
     * @throws UsageException naming the value: the one line spool prints for it
     */
    @Override
    public Duration convert(String value) {
        return OptionValues.delay(value);
    }
}
