package dev.spool.cli;

import dev.spool.cli.DocCorpusCase.Category;
import dev.spool.cli.DocCorpusCase.Expectation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The corpus's totals as Markdown: how many cases, how many identical, the differing ones by category, the
 * refused options ranked by the cases their support would make identical, and every differing case.
 */
final class DocCorpusSummary {

    private DocCorpusSummary() {}

    static String markdown(List<DocCorpusRun.Outcome> outcomes) {
        List<DocCorpusRun.Outcome> all = outcomes.stream()
                .sorted(Comparator.comparing((DocCorpusRun.Outcome o) -> o.c().id(), DocCorpusSummary::byId))
                .toList();
        int total = all.size();
        long identical = all.stream().filter(o -> o.differences().isEmpty()).count();
        StringBuilder md = new StringBuilder();
        md.append("### Totals\n\n");
        md.append(String.format("%d cases; %d identical to GNU parallel (%.1f%%); %d differ.%n%n", total, identical,
                total == 0 ? 0.0 : 100.0 * identical / total, total - identical));
        List<DocCorpusRun.Outcome> varies = all.stream()
                .filter(o -> o.c().expectation() instanceof Expectation.Varies).toList();
        List<DocCorpusRun.Outcome> rerun = varies.stream().filter(o -> o.gnuRuns() > 1).toList();
        long variesIdentical = varies.stream().filter(o -> o.differences().isEmpty()).count();
        md.append(String.format("Cases marked `!varies`: %d, of which %d identical: %d at GNU parallel's first run, "
                        + "%d at a later one (up to %d runs: %s).%n", varies.size(), variesIdentical,
                varies.stream().filter(o -> o.differences().isEmpty() && o.gnuRuns() == 1).count(),
                rerun.stream().filter(o -> o.differences().isEmpty()).count(), DocCorpusRun.GNU_RUNS_FOR_VARIES,
                rerun.stream().filter(o -> o.differences().isEmpty())
                        .map(o -> o.c().id() + " at run " + o.gnuRuns()).toList()));
        long asserted = total - varies.size();
        long assertedIdentical = identical - variesIdentical;
        md.append(String.format("Cases whose result is asserted (not `!varies`): %d, of which %d identical "
                + "(%.1f%%).%n%n", asserted, assertedIdentical, asserted == 0 ? 0.0 : 100.0 * assertedIdentical / asserted));

        Map<String, Integer> byCategory = new LinkedHashMap<>();
        for (Category c : Category.values()) {
            byCategory.put(c.title, 0);
        }
        byCategory.put("varies with timing or the machine (not asserted)", 0);
        byCategory.put("unexpected: marked identical (the test fails)", 0);
        for (var o : all) {
            if (o.differences().isEmpty()) {
                continue;
            }
            String key = switch (o.c().expectation()) {
                case Expectation.Differs d -> d.category().title;
                case Expectation.Varies _ -> "varies with timing or the machine (not asserted)";
                case Expectation.Identical _ -> "unexpected: marked identical (the test fails)";
            };
            byCategory.merge(key, 1, Integer::sum);
        }
        md.append("| differing cases, by reason | cases |\n|---|---|\n");
        byCategory.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        long stale = all.stream().filter(o -> o.differences().isEmpty()
                && o.c().expectation() instanceof Expectation.Differs).count();
        if (stale > 0) {
            md.append("\n").append(stale).append(" case(s) marked `!differs` are now identical (the test fails): ")
                    .append(all.stream().filter(o -> o.differences().isEmpty()
                            && o.c().expectation() instanceof Expectation.Differs)
                            .map(o -> o.c().id()).toList())
                    .append("\n");
        }

        // options: how many differing cases name each, and how many name it alone
        Map<String, int[]> options = new TreeMap<>();
        for (var o : all) {
            if (!o.differences().isEmpty() && o.c().expectation() instanceof Expectation.Differs d
                    && d.category() == Category.UNSUPPORTED) {
                for (String option : d.options()) {
                    int[] counts = options.computeIfAbsent(option, k -> new int[2]);
                    counts[1]++;
                    if (d.options().size() == 1) {
                        counts[0]++;
                    }
                }
            }
        }
        md.append("\n### Refused options, ranked\n\n");
        md.append("\"Alone\": differing cases that need only this option (supporting it would make them "
                + "identical, unless they hide a second difference); \"with others\": cases that also need "
                + "another refused option.\n\n");
        md.append("| option | alone | with others | total |\n|---|---|---|---|\n");
        options.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, int[]> e) -> -e.getValue()[0])
                        .thenComparing(e -> -e.getValue()[1]).thenComparing(Map.Entry::getKey))
                .forEach(e -> md.append(String.format("| `%s` | %d | %d | %d |%n", e.getKey(), e.getValue()[0],
                        e.getValue()[1] - e.getValue()[0], e.getValue()[1])));

        md.append("\n### Slowest cases (GNU parallel + spool)\n\n");
        all.stream().sorted(Comparator.comparing((DocCorpusRun.Outcome o) ->
                        o.gnu().elapsed().plus(o.spool().elapsed())).reversed()).limit(10)
                .forEach(o -> md.append(String.format("- `%s`: %d ms + %d ms%n", o.c().id(),
                        o.gnu().elapsed().toMillis(), o.spool().elapsed().toMillis())));
        java.time.Duration sum = all.stream().map(o -> o.gnu().elapsed().plus(o.spool().elapsed()))
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
        md.append(String.format("%nAll runs together: %d s.%n", sum.toSeconds()));

        md.append("\n### Differing cases\n\n");
        Map<String, List<String>> groups = new TreeMap<>();
        for (var o : all) {
            if (o.differences().isEmpty()) {
                continue;
            }
            String group;
            String reason;
            switch (o.c().expectation()) {
                case Expectation.Differs d -> {
                    group = d.category().title + (d.options().isEmpty() ? "" : ": " + String.join(", ", d.options()))
                            + " ([doc](" + d.category().link + "))";
                    reason = d.reason();
                }
                case Expectation.Varies v -> {
                    group = "varies with timing or the machine";
                    reason = v.reason();
                }
                case Expectation.Identical _ -> {
                    group = "unexpected (marked identical)";
                    reason = String.join("; ", o.differences()).lines().findFirst().orElse("");
                }
            }
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(String.format("- `%s` (%s): `%s` — %s",
                    o.c().id(), o.c().source(), o.c().firstLine().replace("`", "'"), reason));
        }
        groups.forEach((group, lines) -> {
            md.append("**").append(group).append("** — ").append(lines.size()).append("\n\n");
            lines.forEach(l -> md.append(l).append("\n"));
            md.append("\n");
        });
        return md.toString();
    }

    /** Orders {@code tutorial-99} before {@code tutorial-100}. */
    private static int byId(String a, String b) {
        String pa = a.replaceAll("-?\\d+[a-z]?$", "");
        String pb = b.replaceAll("-?\\d+[a-z]?$", "");
        if (!pa.equals(pb)) {
            return pa.compareTo(pb);
        }
        int byNumber = Long.compare(number(a), number(b));
        return byNumber != 0 ? byNumber : a.compareTo(b);
    }

    private static long number(String id) {
        var m = java.util.regex.Pattern.compile("(\\d+)[a-z]?$").matcher(id);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
