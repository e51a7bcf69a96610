package dev.spool.cli.pipe;

import dev.spool.cli.UsageException;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GNU parallel's {@code --block} size: a number with an optional unit, {@code K M G T P} (and {@code Ki},
 * {@code ki}, ...) powers of 1024, {@code k m g t p} powers of 1000, as GNU's {@code multiply_binary_prefix}
 * reads them. Negative with {@code --pipepart}: that many blocks per job slot.
 */
public final class BlockSize {

    /** GNU parallel's default, 1M. */
    public static final long DEFAULT = 1L << 20;
    /** GNU parallel's largest block for {@code --pipe}: 2G - 1 (Perl's strings break beyond). */
    public static final long MAX_PIPE = (1L << 31) - 1;

    private static final Pattern SIZE = Pattern.compile("(-?[0-9]+(?:\\.[0-9]*)?|-?\\.[0-9]+)([KMGTPkmgtp]i?)?");

    private BlockSize() {}

    /** The size {@code text} names, in bytes; a {@link UsageException} naming it if it names none. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new UsageException("--block: '" + text + "' is not a size (a number, with k, K, M, G, T or P)");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit != null) {
            char c = unit.charAt(0);
            boolean binary = Character.isUpperCase(c) || unit.length() == 2;
            int power = "kmgtp".indexOf(Character.toLowerCase(c)) + 1;
            value = value.multiply(BigDecimal.valueOf(binary ? 1024 : 1000).pow(power));
        }
        BigDecimal whole = value.setScale(0, java.math.RoundingMode.DOWN);
        if (whole.signum() == 0 || whole.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new UsageException("--block: '" + text + "' is " + (whole.signum() == 0 ? "0 bytes" : "too large"));
        }
        return whole.longValue();
    }
}
