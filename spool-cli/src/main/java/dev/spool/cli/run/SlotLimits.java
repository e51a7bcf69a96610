package dev.spool.cli.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How many jobs the machine lets a run have at once: the room left under the limits on processes and on
 * open files, divided by what a job slot costs. A {@code -j} that asks for more is cut down to that, with
 * a warning in GNU parallel's words (GNU parallel finds the same bound by forking and opening files until
 * it fails), instead of starting threads until the machine's process table is full.
 *
 * <p>Threads: the methods are pure but for {@link #probe()}, which reads {@code /proc}; any thread.
 */
final class SlotLimits {

    /*
     * Implementation notes.
     *
     * Processes and threads both count as tasks for every kernel limit: a job slot costs its pool worker
     * (a platform thread) and its job's process, and with --line-buffer two relay threads. The limits, the
     * tightest of which binds:
     *   kernel.threads-max and kernel.pid_max, less every task on the machine (/proc/loadavg);
     *   the pids.max of this process's cgroup and of each of its ancestors, less its pids.current
     *     (cgroup v2 under /sys/fs/cgroup, v1 under /sys/fs/cgroup/pids);
     *   RLIMIT_NPROC, less the tasks of this real user: only where the kernel enforces it (not for uid 0,
     *     nor with CAP_SYS_ADMIN or CAP_SYS_RESOURCE); counting the user's tasks walks /proc, so it is
     *     done only when that limit could be the tightest.
     * A quarter of the room is left to the rest of the machine, and to the children that jobs start.
     *
     * Files: RLIMIT_NOFILE (the JVM raises the soft limit to the hard one at start), less the descriptors
     * open now (/proc/self/fd); a slot costs FILES_PER_SLOT, GNU parallel's estimate (here: two capture
     * files or pipes, the job's pidfd, and one to spare for launching and spilled output).
     *
     * Reading these files costs about 10 ms in a fresh JVM (1.5 ms once warm), so the runner asks only
     * when -j is larger than PROBE_ABOVE, a count that ordinary machines allow (where it is not, the pool
     * goes on with the threads it could start, and jobs whose process cannot start fail, each saying so).
     */

    /** A {@code -j} up to this is not checked against the limits. */
    static final int PROBE_ABOVE = 64;
    /** Tasks per job slot: its worker thread and its job's process. */
    static final int TASKS_PER_SLOT = 2;
    /** Tasks per job slot with {@code --line-buffer}: also the two relay threads. */
    static final int LINE_BUFFER_TASKS_PER_SLOT = 4;
    /** File descriptors per job slot (GNU parallel's estimate). */
    static final int FILES_PER_SLOT = 4;
    /** The share of the room left to everything else: one part in this many. */
    static final int RESERVE_ONE_IN = 4;

    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_SYS_RESOURCE = 24;

    private SlotLimits() {}

    /**
     * The room the machine leaves this process.
     *
     * @param tasks how many more processes and threads it may start under the tightest limit, or
     *     {@link Long#MAX_VALUE} if none was found
     * @param taskLimit that limit, described for a message
     * @param files how many more files it may open, or {@link Long#MAX_VALUE}
     * @param fileLimit that limit, described for a message
     */
    record Room(long tasks, String taskLimit, long files, String fileLimit) {
        static final Room UNLIMITED = new Room(Long.MAX_VALUE, "none", Long.MAX_VALUE, "none");
    }

    /**
     * The slots a run may have.
     *
     * @param slots at least 1, at most the slots asked
     * @param warning what to print on stderr if the run will need more slots than {@code slots}, else empty
     */
    record Cap(int slots, List<String> warning) {}

    /**
     * Cuts {@code wanted} slots down to what {@code room} allows.
     *
     * @param tasksPerSlot {@link #TASKS_PER_SLOT} or {@link #LINE_BUFFER_TASKS_PER_SLOT}
     * @throws IllegalArgumentException if {@code wanted} or {@code tasksPerSlot} is not positive
     */
    static Cap cap(int wanted, Room room, int tasksPerSlot) {
        if (wanted < 1 || tasksPerSlot < 1) {
            throw new IllegalArgumentException("wanted " + wanted + " and tasksPerSlot " + tasksPerSlot
                    + " must be positive");
        }
        long byTasks = room.tasks() == Long.MAX_VALUE ? Long.MAX_VALUE
                : (room.tasks() - room.tasks() / RESERVE_ONE_IN) / tasksPerSlot;
        long byFiles = room.files() == Long.MAX_VALUE ? Long.MAX_VALUE : room.files() / FILES_PER_SLOT;
        int slots = (int) Math.max(1, Math.min(wanted, Math.min(byTasks, byFiles)));
        if (slots == wanted) {
            return new Cap(slots, List.of());
        }
        List<String> warning = new ArrayList<>();
        if (byTasks <= byFiles) {
            warning.add("spool: Warning: Only enough available processes to run " + slots + " jobs in parallel.");
            warning.add("spool: Warning: The limit is " + room.taskLimit() + "; each job takes " + tasksPerSlot
                    + " and a quarter is left free.");
            warning.add("spool: Warning: Try increasing that limit, or use a smaller -j.");
        } else {
            warning.add("spool: Warning: Only enough file handles to run " + slots + " jobs in parallel.");
            warning.add("spool: Warning: The limit is " + room.fileLimit() + "; each job takes " + FILES_PER_SLOT
                    + ".");
            warning.add("spool: Warning: Try increasing 'ulimit -n' (try: ulimit -n `ulimit -Hn`)");
            warning.add("spool: Warning: or increasing 'nofile' in /etc/security/limits.conf");
            warning.add("spool: Warning: or increasing /proc/sys/fs/file-max");
        }
        return new Cap(slots, List.copyOf(warning));
    }

    /** Reads this process's room from {@code /proc}; a limit it cannot read does not bind. */
    static Room probe() {
        long tasks = Long.MAX_VALUE;
        String taskLimit = "none";
        long allTasks = allTasks();
        if (allTasks >= 0) {
            for (String name : List.of("threads-max", "pid_max")) {
                long max = readLong(Path.of("/proc/sys/kernel", name));
                if (max > 0 && max - allTasks < tasks) {
                    tasks = max - allTasks;
                    taskLimit = "/proc/sys/kernel/" + name + " (" + max + ", " + allTasks + " tasks running)";
                }
            }
        }
        for (Path cgroup : pidsCgroups()) {
            long max = readLong(cgroup.resolve("pids.max"));
            long current = readLong(cgroup.resolve("pids.current"));
            if (max > 0 && current >= 0 && max - current < tasks) {
                tasks = max - current;
                taskLimit = "the pids.max of cgroup " + cgroup + " (" + max + ", " + current + " in use)";
            }
        }
        long nproc = softLimit("Max processes");
        if (nproc > 0 && nproc < tasks && nprocEnforced()) {
            long mine = tasksOfThisUser();
            if (mine >= 0 && nproc - mine < tasks) {
                tasks = nproc - mine;
                taskLimit = "'ulimit -u' (RLIMIT_NPROC " + nproc + ", " + mine + " tasks of this user)";
            }
        }
        long files = Long.MAX_VALUE;
        String fileLimit = "none";
        long nofile = softLimit("Max open files");
        long open = countEntries(Path.of("/proc/self/fd"));
        if (nofile > 0 && open >= 0) {
            files = nofile - open;
            fileLimit = "'ulimit -n' (RLIMIT_NOFILE " + nofile + ", " + open + " open)";
        }
        return new Room(Math.max(0, tasks), taskLimit, Math.max(0, files), fileLimit);
    }

    /** Every task (process or thread) on the machine: the total in /proc/loadavg's fourth field; -1 if unknown. */
    private static long allTasks() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return Long.parseLong(fields[3].substring(fields[3].indexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's pids cgroup and its ancestors, as directories that exist (v2 or v1). */
    private static List<Path> pidsCgroups() {
        List<Path> dirs = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) {
                    continue;
                }
                Path root;
                if (parts[0].equals("0") && parts[1].isEmpty()) {
                    root = Path.of("/sys/fs/cgroup");
                } else if (List.of(parts[1].split(",")).contains("pids")) {
                    root = Path.of("/sys/fs/cgroup/pids");
                } else {
                    continue;
                }
                for (Path p = Path.of("/").relativize(Path.of(parts[2])); ; p = p.getParent()) {
                    Path dir = p == null || p.toString().isEmpty() ? root : root.resolve(p);
                    if (Files.isRegularFile(dir.resolve("pids.max"))) {
                        dirs.add(dir);
                    }
                    if (p == null || p.toString().isEmpty()) {
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cgroups here
        }
        return dirs;
    }

    /** A soft limit from /proc/self/limits, or -1 if unlimited or unknown. */
    private static long softLimit(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith(name + " ")) {
                    String soft = line.substring(name.length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Whether the kernel holds this process to RLIMIT_NPROC: not for uid 0, CAP_SYS_ADMIN or CAP_SYS_RESOURCE. */
    private static boolean nprocEnforced() {
        try {
            long uid = -1;
            long caps = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                } else if (line.startsWith("CapEff:")) {
                    caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
            return uid != 0 && (caps >>> CAP_SYS_ADMIN & 1) == 0 && (caps >>> CAP_SYS_RESOURCE & 1) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The tasks (threads) of every process whose real uid is this process's; -1 if unknown. */
    private static long tasksOfThisUser() {
        String myUid = realUid(Path.of("/proc/self/status"));
        if (myUid == null) {
            return -1;
        }
        long count = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String uid = null;
                    long threads = 0;
                    for (String line : Files.readAllLines(proc.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            uid = line.substring(4).trim().split("\\s+")[0];
                        } else if (line.startsWith("Threads:")) {
                            threads = Long.parseLong(line.substring(8).trim());
                        }
                    }
                    if (myUid.equals(uid)) {
                        count += threads;
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return count;
    }

    private static String realUid(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[0];
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return null;
    }

    /**
     * The number a one-line file holds, or -1 (missing, or "max": no limit). Read in one read: a sysctl
     * file under /proc/sys reads as empty past offset 0, so a reader that starts with one byte (as
     * Files.readString does for a file whose size is 0) would see only its first digit.
     */
    private static long readLong(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = new byte[64];
            int n = in.read(bytes);
            return n <= 0 ? -1 : Long.parseLong(new String(bytes, 0, n, java.nio.charset.StandardCharsets.US_ASCII)
                    .trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long countEntries(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            long n = 0;
            for (Path ignored : entries) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }
}
