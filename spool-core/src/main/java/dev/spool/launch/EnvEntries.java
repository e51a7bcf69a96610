package dev.spool.launch;

/** Byte-level helpers for {@code NAME=value} environment entries. */
final class EnvEntries {
    private EnvEntries() {}

    static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code entry} is {@code name=...}. */
    static boolean hasName(byte[] entry, byte[] name) {
        if (entry.length <= name.length || entry[name.length] != '=') {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (entry[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The name part of {@code entry} as an ISO-8859-1 string (one char per byte, so lossless). */
    static String nameKey(byte[] entry) {
        int eq = indexOf(entry, (byte) '=');
        return new String(entry, 0, eq < 0 ? entry.length : eq, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
