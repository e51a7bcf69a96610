package dev.spool.cli.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * {@code --load}, {@code --memfree} and {@code --noswap}: a job starts only while the machine has room, as
 * GNU parallel decides it. Each start waits, checking again every {@link #RECHECK}, while
 * <ul>
 *   <li>{@code --load N}: the processes and threads running or waiting to run now (not an average: the
 *       fourth field of {@code /proc/loadavg}, less this check itself) are N or more;</li>
 *   <li>{@code --memfree SIZE}: {@code MemAvailable} of {@code /proc/meminfo} is below SIZE;</li>
 *   <li>{@code --noswap}: the machine swapped both in and out during the last sample (a second of
 *       {@code /proc/vmstat}'s {@code pswpin} and {@code pswpout}, taken at most every ten seconds on a
 *       background thread, as GNU parallel samples {@code vmstat 1 2}); until the first sample, it counts
 *       as swapping.</li>
 * </ul>
 * A stop ends the wait. Thread-safe.
 */
final class StartGate {

    /** How often a held start checks again. */
    static final Duration RECHECK = Duration.ofMillis(250);
    private static final Duration SWAP_SAMPLE_EVERY = Duration.ofSeconds(10);

    private final double maxLoad;
    private final long memFree;
    private final SwapSampler swap;

    /**
     * @param maxLoad start only below this many running processes; 0 or less for no limit
     * @param memFree start only with at least this many bytes available; 0 or less for no limit
     * @param noSwap start only while the machine is not swapping both ways
     */
    StartGate(double maxLoad, long memFree, boolean noSwap) {
        this.maxLoad = maxLoad;
        this.memFree = memFree;
        this.swap = noSwap ? new SwapSampler() : null;
    }

    /** Whether this gate ever holds a start. */
    boolean active() {
        return maxLoad > 0 || memFree > 0 || swap != null;
    }

    /**
     * Waits until a job may start (true), or until {@code stopping} says the run is stopping (false).
     */
    boolean await(BooleanSupplier stopping) throws InterruptedException {
        while (!open()) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            Thread.sleep(RECHECK); // the machine's load has no event to wait for: it is sampled
        }
        return true;
    }

    private boolean open() {
        if (maxLoad > 0 && runningNow() >= maxLoad) {
            return false;
        }
        if (memFree > 0 && memAvailable() < memFree) {
            return false;
        }
        return swap == null || !swap.swapping();
    }

    /** Processes and threads running or runnable now, less the one reading (this check). */
    static long runningNow() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.ISO_8859_1).split("\\s+");
            return Math.max(0, Long.parseLong(fields[3].substring(0, fields[3].indexOf('/'))) - 1);
        } catch (IOException | RuntimeException e) {
            return 0; // no /proc: no limit can be applied, as on a system GNU parallel cannot read either
        }
    }

    /** Bytes of memory available for new work ({@code MemAvailable}); Long.MAX_VALUE if unknown. */
    static long memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.substring(13).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: unknown
        }
        return Long.MAX_VALUE;
    }

    /** Samples swap activity on a daemon thread: a second of counters, every ten seconds. */
    private static final class SwapSampler {
        /** Null until the first sample. */
        private volatile Boolean swapping;
        private volatile Thread thread;

        boolean swapping() {
            if (thread == null) {
                start();
            }
            Boolean known = swapping;
            return known == null || known;
        }

        private synchronized void start() {
            if (thread != null) {
                return;
            }
            thread = Thread.ofPlatform().daemon().name("spool-noswap").start(() -> {
                try {
                    while (true) {
                        long[] before = swapCounters();
                        Thread.sleep(Duration.ofSeconds(1));
                        long[] after = swapCounters();
                        swapping = after[0] > before[0] && after[1] > before[1];
                        Thread.sleep(SWAP_SAMPLE_EVERY.minusSeconds(1));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        /** pswpin and pswpout of /proc/vmstat; zeros if unreadable (no swap activity can be seen). */
        private static long[] swapCounters() {
            long[] counters = new long[2];
            try {
                for (String line : Files.readAllLines(Path.of("/proc/vmstat"), StandardCharsets.ISO_8859_1)) {
                    if (line.startsWith("pswpin ")) {
                        counters[0] = Long.parseLong(line.substring(7).strip());
                    } else if (line.startsWith("pswpout ")) {
                        counters[1] = Long.parseLong(line.substring(8).strip());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // zeros
            }
            return counters;
        }
    }
}
