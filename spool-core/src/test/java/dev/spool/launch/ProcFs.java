package dev.spool.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Test helpers reading /proc, and polling with a deadline. */
final class ProcFs {
    private ProcFs() {}

    /** Fields of /proc/pid/stat after the command name: index 0 is field 3 (state). */
    static List<String> statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
        return List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" "));
    }

    /** The process group of {@code pid} (field 5 of /proc/pid/stat). */
    static long pgid(long pid) throws IOException {
        return Long.parseLong(statFields(pid).get(2));
    }

    /** Whether {@code pid} no longer runs: absent, or a zombie nobody has reaped yet. */
    static boolean isGone(long pid) {
        try {
            return statFields(pid).get(0).equals("Z");
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    /** A line of /proc/pid/status, such as "SigIgn", as its value. */
    static String status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + key + " in /proc/" + pid + "/status");
    }
}
