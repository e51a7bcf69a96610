package dev.spool.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code -s}'s value ({@link OptionValues#maxChars}). Declared on the option in {@link RunOptions};
 * picocli and {@link FastRunParser} both use the same conversion. Stateless.
 */
final class MaxCharsConverter implements ITypeConverter<Integer> {

    /** @throws UsageException naming the value */
    @Override
    public Integer convert(String value) {
        return OptionValues.maxChars(value);
    }
}
