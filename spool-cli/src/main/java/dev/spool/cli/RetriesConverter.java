package dev.spool.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code --retries}'s value: a whole number of attempts in all, at least 1 (GNU parallel's
 * meaning: {@code --retries 3} runs a failing job at most three times). Declared on the option in {@link
 * RunOptions}; picocli and {@link FastRunParser} both use it. Stateless.
 */
final class RetriesConverter implements ITypeConverter<Integer> {

    /** @throws UsageException naming the value */
    @Override
    public Integer convert(String value) {
        return OptionValues.retries(value);
    }
}
