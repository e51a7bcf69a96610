package dev.spool.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a benchmark produced, and its JSON form ({@code --json FILE}). The documented fields:
 *
 * <ul>
 *   <li>{@code date}: ISO-8601 UTC; {@code command}: the command line, as words;</li>
 *   <li>{@code machine}: {@code cpus}, {@code memoryBytes} (physical, or null if unknown),
 *       {@code maxHeapBytes}, {@code jvm}, {@code os};</li>
 *   <li>{@code settings}: {@code runs}, {@code warmup}, {@code workers}, and the rest of the options;</li>
 *   <li>{@code cells}: per cell {@code workload}, {@code kind}, {@code workers}, {@code label},
 *       {@code samples} (every measured throughput per second, in run order), {@code median}, {@code min},
 *       {@code max}, {@code spread} (max / min) and {@code tooWide} (spread over
 *       {@link SampleStats#MAX_TRUSTED_SPREAD}) (all null when the cell failed) and {@code error} (null when
 *       it did not);</li>
 *   <li>{@code comparisons}: {@code workload}, {@code spool}, {@code other}, both sample lists,
 *       {@code ratioOfMedians}, {@code minPairRatio}, {@code maxPairRatio};</li>
 *   <li>{@code notes} and {@code recommendations}: the lines printed at the end.</li>
 * </ul>
 */
public record BenchReport(Instant date, List<String> command, Map<String, Object> settings, List<CellResult> cells,
        List<Comparison> comparisons, List<String> notes, List<String> recommendations) {

    /** The machine line, e.g. {@code 2 CPUs, 7.8 GiB, OpenJDK 64-Bit Server VM 25.0.3, Linux 6.8 amd64}. */
    public static String machineLine() {
        Map<String, Object> m = machine();
        Object memory = m.get("memoryBytes");
        String mem = memory instanceof Long bytes ? String.format(java.util.Locale.ROOT, "%.1f GiB, ",
                bytes / (1024.0 * 1024 * 1024)) : "";
        return m.get("cpus") + " CPUs, " + mem + m.get("jvm") + ", " + m.get("os");
    }

    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        Long memory = null;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        machine.put("memoryBytes", memory);
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return machine;
    }

    /** The report as the JSON object documented above. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", date.truncatedTo(ChronoUnit.SECONDS).toString());
        json.put("command", command);
        json.put("machine", machine());
        json.put("settings", settings);
        List<Object> cellList = new ArrayList<>();
        for (CellResult cell : cells) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("workload", cell.workload());
            c.put("kind", cell.kind());
            c.put("workers", cell.workers());
            c.put("label", cell.label());
            c.put("samples", cell.samples());
            var stats = cell.stats();
            c.put("median", stats.map(SampleStats::median).orElse(null));
            c.put("min", stats.map(SampleStats::min).orElse(null));
            c.put("max", stats.map(SampleStats::max).orElse(null));
            c.put("spread", stats.map(SampleStats::spread).filter(Double::isFinite).orElse(null));
            c.put("tooWide", stats.map(SampleStats::tooWide).orElse(null));
            c.put("error", cell.error());
            cellList.add(c);
        }
        json.put("cells", cellList);
        List<Object> comparisonList = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("workload", comparison.workload());
            c.put("spool", comparison.spool());
            c.put("other", comparison.other());
            c.put("spoolSamples", comparison.spoolSamples());
            c.put("otherSamples", comparison.otherSamples());
            c.put("ratioOfMedians", comparison.ratio().ratioOfMedians());
            c.put("minPairRatio", comparison.ratio().minPairRatio());
            c.put("maxPairRatio", comparison.ratio().maxPairRatio());
            comparisonList.add(c);
        }
        json.put("comparisons", comparisonList);
        json.put("notes", notes);
        json.put("recommendations", recommendations);
        return json;
    }

    /** Writes the JSON to {@code file}. */
    public void writeJson(Path file) throws IOException {
        Files.writeString(file, JsonText.write(toJson()), StandardCharsets.UTF_8);
    }
}
