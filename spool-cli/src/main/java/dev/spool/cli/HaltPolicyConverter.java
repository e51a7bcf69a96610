package dev.spool.cli;

import dev.spool.cli.run.HaltPolicy;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code --halt}'s value to a {@link HaltPolicy}. Declared on the option in {@link RunOptions};
 * picocli and {@link FastRunParser} both use it, so both paths convert identically. Stateless and cheap to
 * create.
 */
public final class HaltPolicyConverter implements ITypeConverter<HaltPolicy> {

    /**
     * Converts one value of the option.
     *
     * @throws UsageException naming the value: the one line spool prints for it
     */
    @Override
    public HaltPolicy convert(String value) {
        return HaltPolicy.parse(value);
    }
}
