package dev.spool.cli;

import dev.spool.launch.TermSequence;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code --termseq}'s value to a {@link TermSequence}. Declared on the option in {@link
 * RunOptions}; picocli and {@link FastRunParser} both use it, so both paths convert identically. Stateless
 * and cheap to create.
 */
final class TermSequenceConverter implements ITypeConverter<TermSequence> {

    /**
     * Converts one value of the option.
     *
     * @throws UsageException naming the value: the one line spool prints for it
     */
    @Override
    public TermSequence convert(String value) {
        return OptionValues.termseq(value);
    }
}
