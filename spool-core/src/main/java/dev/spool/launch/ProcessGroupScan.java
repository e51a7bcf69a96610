package dev.spool.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process group still has a member that runs, as opposed to zombies waiting to be reaped:
 * {@code kill(-pgid, 0)} counts zombies, and when a job's descendants are orphaned their reaping is up to
 * PID 1, which in some containers takes seconds (here: about 2 s). Reads {@code /proc}.
 */
final class ProcessGroupScan {

    /* Implementation notes: one pass over /proc/[0-9]+/stat; fields after the last ')' are
     * "state ppid pgrp ...". A process that vanishes mid-scan is skipped. Cost grows with the number of
     * processes on the machine (about 10 us each), so callers only scan after kill(-pgid, 0) said the
     * group exists. Without a readable /proc we cannot tell, and report a live member. */

    private static final Path PROC = Path.of("/proc");

    private ProcessGroupScan() {}

    /** Whether some process in group {@code pgid} is not a zombie. */
    static boolean hasLiveMember(int pgid) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessGroupScan::isPidDirectory)) {
            String wanted = Integer.toString(pgid);
            for (Path entry : entries) {
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException vanished) {
                    continue;
                }
                int close = stat.lastIndexOf(')');
                if (close < 0) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ", 4);
                if (fields.length >= 3 && fields[2].equals(wanted) && !fields[0].equals("Z") && !fields[0].equals("X")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static boolean isPidDirectory(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
