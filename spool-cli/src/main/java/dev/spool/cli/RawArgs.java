package dev.spool.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line as bytes. The JVM decodes {@code main}'s arguments in the locale's charset, which
 * loses bytes that are not valid there (a file name in Latin-1 under a UTF-8 locale, say). Spool reads
 * {@code /proc/self/cmdline} instead and carries every argument as an ISO-8859-1 string (one char per
 * byte), so values reach jobs byte for byte.
 */
public final class RawArgs {
    private RawArgs() {}

    /** The arguments as ISO-8859-1 strings, one char per byte of the original argument. */
    public static String[] of(String[] args) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> all = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < cmdline.length; i++) {
                if (cmdline[i] == 0) {
                    all.add(new String(cmdline, start, i - start, StandardCharsets.ISO_8859_1));
                    start = i + 1;
                }
            }
            if (all.size() >= args.length) {
                String[] raw = all.subList(all.size() - args.length, all.size()).toArray(String[]::new);
                if (matches(raw, args)) {
                    return raw;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or not launched as expected: fall back to re-encoding
        }
        return reencoded(args);
    }

    /** Converts an ISO-8859-1-carried string back to the platform's file-name string. */
    public static String toPlatform(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), jnuCharset());
    }

    /** Converts a platform string (a file name, a JDK message) to the ISO-8859-1-carried form of its bytes. */
    public static String fromPlatform(String platform) {
        return reencode(platform);
    }

    private static boolean matches(String[] raw, String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!reencode(args[i]).equals(raw[i]) && !args[i].contains("\uFFFD")) {
                return false;
            }
        }
        return true;
    }

    private static String[] reencoded(String[] args) {
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = reencode(args[i]);
        }
        return out;
    }

    private static String reencode(String arg) {
        return new String(arg.getBytes(jnuCharset()), StandardCharsets.ISO_8859_1);
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
