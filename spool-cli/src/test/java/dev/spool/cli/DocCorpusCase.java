package dev.spool.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One example of GNU parallel's manuals in {@code gnu-parallel-doc-corpus.txt}: a bash snippet, where it comes
 * from, whether stdout is compared sorted, and whether spool is expected to behave the same.
 *
 * <p>The file's format (also described at its top): a case starts with {@code === ID SOURCE}; the lines
 * after it up to the next {@code ===} are the snippet, as bash runs it (its {@code #} lines are comments to
 * bash too), except these directives:
 * <ul>
 * <li>{@code !sort}: stdout is compared after sorting its lines (GNU parallel's own order varies);
 * <li>{@code !differs CATEGORY: REASON}: spool is expected to differ; CATEGORY is {@code unsupported OPTIONS}
 *     (comma-separated, the options spool refuses), {@code remote}, {@code on-purpose},
 *     {@code other-tool NAME} or {@code bug};
 * <li>{@code !varies REASON}: the output depends on timing or the machine; run and reported, not asserted,
 *     but counted as identical when spool's result is one of GNU parallel's over up to five runs;
 * <li>{@code !mask REGEX}: in stdout, before sorting, every match of REGEX (such as a process id) becomes
 *     {@code <masked>}, and a last line says how many distinct values were masked.
 * </ul>
 */
record DocCorpusCase(String id, String source, String snippet, boolean sorted, Pattern mask,
                     Expectation expectation) {

    static final String RESOURCE = "gnu-parallel-doc-corpus.txt";

    /** What the corpus says spool does with this case. */
    sealed interface Expectation {
        /** The same stdout, exit status and files as GNU parallel. */
        record Identical() implements Expectation {}

        /**
         * Different, for a known reason. {@code options} are the refused options for {@code unsupported} (the
         * ones whose support would make the case identical), the tool's name for {@code other-tool}.
         */
        record Differs(Category category, List<String> options, String reason, String marker)
                implements Expectation {}

        /** Not comparable from one run to the next. */
        record Varies(String reason) implements Expectation {}
    }

    /** Why a case differs; each has its place in the docs. */
    enum Category {
        UNSUPPORTED("unsupported", "not supported yet", "differences-from-gnu-parallel.md#not-supported"),
        REMOTE("remote", "remote execution not supported", "differences-from-gnu-parallel.md#not-supported"),
        ON_PURPOSE("on-purpose", "documented difference on purpose", "differences-from-gnu-parallel.md#on-purpose"),
        OTHER_TOOL("other-tool", "another program of GNU parallel's package, which spool does not provide",
                "differences-from-gnu-parallel.md#not-supported"),
        BUG("bug", "bug in spool", "gnu-parallel-doc-corpus.md#bugs-found-by-the-corpus");

        final String word;
        final String title;
        final String link;

        Category(String word, String title, String link) {
            this.word = word;
            this.title = title;
            this.link = link;
        }

        static Category of(String word, String caseId) {
            for (Category c : values()) {
                if (c.word.equals(word)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(caseId + ": unknown !differs category '" + word + "'");
        }
    }

    private static final Pattern HEADER = Pattern.compile("=== (\\S+)\\s+(.*)");
    private static final Pattern DIFFERS = Pattern.compile("!differs ([a-z-]+)(?: ([^:]+))?: (.+)");

    /** The first line of the snippet that is not a comment, for the test's name. */
    String firstLine() {
        return snippet.lines().filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).findFirst()
                .orElse("").strip();
    }

    /** Where the case is and what it runs, for a failure message. */
    String describe() {
        return "case " + id + " (" + source + "):\n" + snippet.indent(4).stripTrailing();
    }

    /** Reads every case of resource {@code name} beside {@code owner}. */
    static List<DocCorpusCase> load(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new FileNotFoundException("no test resource " + name + " beside " + owner.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static List<DocCorpusCase> parse(String text) {
        List<DocCorpusCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String id = null;
        String source = null;
        List<String> lines = new ArrayList<>();
        boolean sorted = false;
        Pattern mask = null;
        Expectation expectation = new Expectation.Identical();
        for (String line : (text + "\n=== END-OF-FILE end").lines().toList()) {
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                if (id != null) {
                    String snippet = String.join("\n", lines).strip() + "\n";
                    if (snippet.isBlank()) {
                        throw new IllegalArgumentException(id + ": no snippet");
                    }
                    cases.add(new DocCorpusCase(id, source, snippet, sorted, mask, expectation));
                }
                id = header.group(1);
                if (!ids.add(id)) {
                    throw new IllegalArgumentException("two cases named " + id);
                }
                source = header.group(2).strip();
                lines.clear();
                sorted = false;
                mask = null;
                expectation = new Expectation.Identical();
            } else if (id == null) {
                continue; // the file's own header
            } else if (line.equals("!sort")) {
                sorted = true;
            } else if (line.startsWith("!differs ")) {
                expectation = differs(id, line);
            } else if (line.startsWith("!mask ")) {
                mask = Pattern.compile(line.substring("!mask ".length()).strip(), Pattern.MULTILINE);
            } else if (line.startsWith("!varies ")) {
                expectation = new Expectation.Varies(line.substring("!varies ".length()).strip());
            } else if (line.startsWith("!")) {
                throw new IllegalArgumentException(id + ": unknown directive " + line);
            } else {
                lines.add(line);
            }
        }
        return cases;
    }

    private static Expectation differs(String id, String line) {
        Matcher m = DIFFERS.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException(id + ": malformed " + line
                    + " (expected !differs CATEGORY [OPTIONS]: REASON)");
        }
        Category category = Category.of(m.group(1), id);
        List<String> options = m.group(2) == null ? List.of() : List.of(m.group(2).strip().split(","));
        if ((category == Category.UNSUPPORTED || category == Category.OTHER_TOOL) && options.isEmpty()) {
            throw new IllegalArgumentException(id + ": " + category.word + " needs the option or tool: " + line);
        }
        return new Expectation.Differs(category, options, m.group(3).strip(), line.substring("!differs ".length()));
    }
}
