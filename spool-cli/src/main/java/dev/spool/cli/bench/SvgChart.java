package dev.spool.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --chart FILE.svg}: throughput (median, with a min–max bar) against worker count, one line per
 * kind and one panel per workload, with axes and a legend. Plain SVG 1.1, no dependency; opens in a browser.
 */
public final class SvgChart {

    /* Implementation notes
     *
     * Worker counts are placed evenly on the x axis (they are usually 1, 2, 4, 2 x CPUs: a log scale in
     * effect). The y axis of each panel runs from 0 to the largest max of the panel, with five ticks. The
     * serial kind (one cell, no pool) is drawn as a dashed horizontal line: the baseline. Failed cells are
     * left out, so a kind's line joins the cells that were measured. Text is XML-escaped.
     */

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final int WIDTH = 640;
    private static final int PANEL_HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final int HEADER = 45;

    private SvgChart() {}

    /**
     * The SVG text for {@code cells}, titled {@code title} with {@code subtitle} (such as the machine line)
     * below it; {@code unit} labels the y axis.
     */
    public static String render(String title, String subtitle, List<CellResult> cells, String unit) {
        Map<String, List<CellResult>> byWorkload = new LinkedHashMap<>();
        cells.stream().filter(CellResult::succeeded)
                .forEach(c -> byWorkload.computeIfAbsent(c.workload(), k -> new ArrayList<>()).add(c));
        int panels = Math.max(1, byWorkload.size());
        int height = HEADER + panels * PANEL_HEIGHT;
        var svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(WIDTH / 2.0, 18, "middle", "font-size=\"14\" font-weight=\"bold\"", title));
        svg.append(text(WIDTH / 2.0, 36, "middle", "font-size=\"10\"", subtitle));
        if (byWorkload.isEmpty()) {
            svg.append(text(WIDTH / 2.0, 60, "middle", "", "no cell was measured"));
        }
        int panel = 0;
        for (var entry : byWorkload.entrySet()) {
            panel(svg, HEADER + panel * PANEL_HEIGHT, entry.getKey(), entry.getValue(), unit);
            panel++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Writes the chart to {@code file}. */
    public static void write(Path file, String title, String subtitle, List<CellResult> cells, String unit)
            throws IOException {
        Files.writeString(file, render(title, subtitle, cells, unit), StandardCharsets.UTF_8);
    }

    private static void panel(StringBuilder svg, int y0, String workload, List<CellResult> cells, String unit) {
        List<Integer> xs = new ArrayList<>(new TreeSet<>(cells.stream().map(CellResult::workers).toList()));
        double yMax = cells.stream().mapToDouble(c -> c.stats().orElseThrow().max()).max().orElse(1);
        yMax = niceCeiling(yMax);
        double plotLeft = LEFT;
        double plotRight = WIDTH - RIGHT;
        double plotTop = y0 + TOP;
        double plotBottom = y0 + PANEL_HEIGHT - BOTTOM;
        final double top = yMax;
        java.util.function.IntToDoubleFunction xOf = workers -> xs.size() == 1 ? (plotLeft + plotRight) / 2
                : plotLeft + 20 + (plotRight - plotLeft - 40) * xs.indexOf(workers) / (xs.size() - 1.0);
        java.util.function.DoubleUnaryOperator yOf = v -> plotBottom - (plotBottom - plotTop) * v / top;

        svg.append(text((plotLeft + plotRight) / 2, y0 + 25, "middle", "font-weight=\"bold\"", workload));
        // axes, ticks, grid
        svg.append(line(plotLeft, plotBottom, plotRight, plotBottom, "black", ""));
        svg.append(line(plotLeft, plotTop, plotLeft, plotBottom, "black", ""));
        for (int i = 0; i <= 5; i++) {
            double v = yMax * i / 5;
            double y = yOf.applyAsDouble(v);
            svg.append(line(plotLeft, y, plotRight, y, "#dddddd", ""));
            svg.append(text(plotLeft - 6, y + 4, "end", "", i == 0 ? "0" : TableFormat.rate(v)));
        }
        for (int workers : xs) {
            double x = xOf.applyAsDouble(workers);
            svg.append(line(x, plotBottom, x, plotBottom + 5, "black", ""));
            svg.append(text(x, plotBottom + 18, "middle", "", String.valueOf(workers)));
        }
        svg.append(text((plotLeft + plotRight) / 2, plotBottom + 38, "middle", "", "workers"));
        svg.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%.1f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 15 %.1f)\">%s</text>%n", (plotTop + plotBottom) / 2,
                (plotTop + plotBottom) / 2, escape(unit)));

        // one series per kind, in first-seen order
        Map<String, List<CellResult>> byKind = new LinkedHashMap<>();
        cells.forEach(c -> byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c));
        int series = 0;
        for (var entry : byKind.entrySet()) {
            String colour = COLOURS[series % COLOURS.length];
            List<CellResult> points = entry.getValue().stream()
                    .sorted(java.util.Comparator.comparingInt(CellResult::workers)).toList();
            if (entry.getKey().equals("serial") && points.size() == 1) {
                double y = yOf.applyAsDouble(points.get(0).stats().orElseThrow().median());
                svg.append(line(plotLeft, y, plotRight, y, colour, " stroke-dasharray=\"6 4\""));
            } else {
                var path = new StringBuilder();
                for (CellResult point : points) {
                    double x = xOf.applyAsDouble(point.workers());
                    SampleStats s = point.stats().orElseThrow();
                    path.append(path.isEmpty() ? "" : " ")
                            .append(String.format(Locale.ROOT, "%.1f,%.1f", x, yOf.applyAsDouble(s.median())));
                    svg.append(line(x, yOf.applyAsDouble(s.min()), x, yOf.applyAsDouble(s.max()), colour, ""));
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                            x, yOf.applyAsDouble(s.median()), colour));
                }
                svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/>%n", path, colour));
            }
            double ly = plotTop + 10 + series * 18;
            svg.append(line(plotRight + 15, ly, plotRight + 40, ly, colour, " stroke-width=\"2\""));
            svg.append(text(plotRight + 46, ly + 4, "start", "", entry.getKey()));
            series++;
        }
    }

    private static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, String extra) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
                x1, y1, x2, y2, colour, extra);
    }

    private static String text(double x, double y, String anchor, String extra, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n", x, y,
                anchor, extra.isEmpty() ? "" : " " + extra, escape(content));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
