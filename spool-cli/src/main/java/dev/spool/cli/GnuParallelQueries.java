package dev.spool.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GNU parallel's options that answer a question instead of running jobs ({@code --number-of-cores}, {@code
 * --minversion}), and {@code --arg-sep}/{@code --arg-file-sep}, which rename the input separators.
 */
final class GnuParallelQueries {

    /** The GNU parallel release whose behaviour spool follows, as {@code --minversion} compares it. */
    static final long GNU_VERSION = 20221122;

    private GnuParallelQueries() {}

    /** Prints the answer and returns the exit status, or returns null when no question was asked. */
    static Integer answer(RunOptions options) {
        if (options.numberOfSockets || options.numberOfCores || options.numberOfThreads) {
            CpuInfo cpu = CpuInfo.read();
            System.out.println(options.numberOfSockets ? cpu.sockets()
                    : options.numberOfCores ? cpu.cores() : cpu.threads());
            return 0;
        }
        if (options.maxLineLengthAllowed) {
            System.out.println(LineLengthProbe.longestCommandLine());
            return 0;
        }
        if (options.recordEnv) {
            // GNU parallel: the names of this environment's variables, which --env _ will leave out
            Path file = GnuParallelProfiles.configDir().resolve("ignored_vars");
            try {
                Files.createDirectories(file.getParent());
                // and, as in GNU parallel's file, the three it sets in its own environment before it records
                Set<String> names = new java.util.TreeSet<>(System.getenv().keySet());
                names.addAll(List.of("PARALLEL_REMOTE_TMPDIR", "PARALLEL_RSYNC_OPTS", "TMPDIR"));
                Files.write(file, names, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UsageException("--record-env: cannot write " + RawArgs.fromPlatform(file.toString()) + ": "
                        + dev.spool.cli.job.IoReason.of(e), e);
            }
            return 0;
        }
        if (options.minVersion != null) {
            long wanted;
            try {
                wanted = Long.parseLong(options.minVersion.strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--minversion: '" + options.minVersion + "' is not a version (YYYYMMDD)");
            }
            System.out.println(GNU_VERSION);
            return wanted <= GNU_VERSION ? 0 : ExitCodes.ERROR;
        }
        return null;
    }

    /**
     * The CPUs that -j's relative forms count: hardware threads, as GNU parallel counts them, or sockets
     * ({@code --use-sockets-instead-of-threads}, alias {@code --use-cpus-instead-of-cores}) or cores.
     */
    static int cpusForSlots(RunOptions options) {
        if (!options.useSockets && !options.useCores) {
            return Runtime.getRuntime().availableProcessors();
        }
        CpuInfo cpu = CpuInfo.read();
        return options.useSockets ? cpu.sockets() : cpu.cores();
    }

    /** Turns {@code --arg-sep SEP} into {@code :::} and {@code --arg-file-sep SEP} into {@code ::::}, in place. */
    static void normalizeSeparators(RunOptions options) {
        if (options.argSep == null && options.argFileSep == null) {
            return;
        }
        List<String> words = options.commandAndSources;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals(options.argSep)) {
                words.set(i, ":::");
            } else if (w.equals(options.argSep + "+")) {
                words.set(i, ":::+");
            } else if (w.equals(options.argFileSep)) {
                words.set(i, "::::");
            } else if (w.equals(options.argFileSep + "+")) {
                words.set(i, "::::+");
            }
        }
    }

    /** Sockets, cores and hardware threads, from /proc/cpuinfo; the JVM's count where it says nothing. */
    record CpuInfo(int sockets, int cores, int threads) {
        static CpuInfo read() {
            int threads = Runtime.getRuntime().availableProcessors();
            try {
                Set<String> sockets = new HashSet<>();
                Set<String> cores = new HashSet<>();
                String physical = "0";
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String key = line.substring(0, colon).strip();
                    String value = line.substring(colon + 1).strip();
                    if (key.equals("physical id")) {
                        physical = value;
                        sockets.add(value);
                    } else if (key.equals("core id")) {
                        cores.add(physical + "/" + value);
                    }
                }
                return new CpuInfo(Math.max(1, sockets.size()), cores.isEmpty() ? threads : cores.size(), threads);
            } catch (IOException | RuntimeException e) {
                return new CpuInfo(1, threads, threads);
            }
        }
    }
}
