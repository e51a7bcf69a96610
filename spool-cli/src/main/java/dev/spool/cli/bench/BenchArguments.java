package dev.spool.cli.bench;

import dev.spool.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Parses and checks {@code spool bench}'s option values; a bad one is a {@link UsageException} naming it. */
public final class BenchArguments {

    private BenchArguments() {}

    /** A count of at least {@code min}. */
    public static int count(String option, int value, int min) {
        if (value < min) {
            throw new UsageException("bench: " + option + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** A comma-separated list of worker counts, each at least 1, sorted, without repeats. */
    public static List<Integer> workers(String spec) {
        var counts = new TreeSet<Integer>();
        for (String item : items("--workers", spec)) {
            int n = positiveInt("--workers", item);
            counts.add(n);
        }
        return List.copyOf(counts);
    }

    /** The default worker counts: 1, 2, 4 and twice the CPUs, without repeats. */
    public static List<Integer> defaultWorkers(int cpus) {
        return List.copyOf(new TreeSet<>(List.of(1, 2, 4, 2 * cpus)));
    }

    /**
     * The default worker counts of virtual threads: those of {@link #defaultWorkers} and 16, 64 and 256, so
     * that blocking work is measured where it stops scaling, not below it.
     */
    public static List<Integer> defaultVirtualWorkers(int cpus) {
        var counts = new TreeSet<>(defaultWorkers(cpus));
        counts.addAll(List.of(16, 64, 256));
        return List.copyOf(counts);
    }

    /** The lines of an inputs file. */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("bench: --inputs: no file " + file);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("bench: --inputs: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A comma-separated list of kinds. */
    public static List<BenchKind> kinds(String spec) {
        List<BenchKind> kinds = new ArrayList<>();
        for (String item : items("--kinds", spec)) {
            BenchKind kind = BenchKind.parse(item).orElseThrow(() -> new UsageException("bench: --kinds: no kind"
                    + " named '" + item + "'; there are serial, platform, virtual, process"));
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** A comma-separated list of built-in workload names. */
    public static List<String> workloads(String spec) {
        List<String> names = new ArrayList<>();
        for (String item : items("--workloads", spec)) {
            if (!Workload.NAMES.contains(item)) {
                throw new UsageException("bench: --workloads: no workload named '" + item + "'; there are "
                        + String.join(", ", Workload.NAMES));
            }
            if (!names.contains(item)) {
                names.add(item);
            }
        }
        return names;
    }

    /** A positive integer, for {@code option}. */
    public static int positiveInt(String option, String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bench: " + option + ": '" + text + "' is not a positive whole number");
    }

    /** A duration such as {@code 2ms}, {@code 500us}, {@code 0.1s}: positive and at most a minute. */
    public static Duration duration(String option, String text) {
        String t = text.trim();
        double scaleNanos;
        String number;
        if (t.endsWith("ms")) {
            scaleNanos = 1e6;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us")) {
            scaleNanos = 1e3;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            scaleNanos = 1e9;
            number = t.substring(0, t.length() - 1);
        } else {
            throw new UsageException("bench: " + option + ": '" + text + "' is not a duration (say 2ms, 500us, 0.1s)");
        }
        try {
            double nanos = Double.parseDouble(number) * scaleNanos;
            if (nanos >= 1000 && nanos <= 60e9) {
                return Duration.ofNanos((long) nanos);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bench: " + option + ": '" + text
                + "' is not a duration between 1us and 60s (say 2ms, 500us, 0.1s)");
    }

    private static List<String> items(String option, String spec) {
        List<String> items = new ArrayList<>();
        for (String item : spec.split(",", -1)) {
            if (item.isBlank()) {
                throw new UsageException("bench: " + option + ": '" + spec + "' has an empty item");
            }
            items.add(item.trim());
        }
        return items;
    }
}
