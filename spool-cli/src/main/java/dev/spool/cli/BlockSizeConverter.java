package dev.spool.cli;

import dev.spool.cli.pipe.BlockSize;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts {@code --block}'s value: a size in bytes with GNU parallel's units ({@link BlockSize}). Declared
 * on the option in {@link RunOptions}; picocli and {@link FastRunParser} both use it. Stateless.
 */
final class BlockSizeConverter implements ITypeConverter<Long> {

    /** @throws UsageException naming the value */
    @Override
    public Long convert(String value) {
        return BlockSize.parse(value);
    }
}
