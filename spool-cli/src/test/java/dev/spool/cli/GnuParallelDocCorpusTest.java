package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's acceptance test: every example of GNU parallel's three manuals (parallel_tutorial,
 * parallel_examples, parallel), as listed in {@code gnu-parallel-doc-corpus.txt}, run by bash once with
 * GNU parallel as {@code parallel} and once with spool, each in a fresh copy of the fixtures; stdout, the exit
 * status and the files left in the fixture directory must be the same. A case marked {@code !differs} must
 * still differ (so the marker goes when the feature lands); one marked {@code !varies} is run and reported.
 * Prints the totals and writes them, with the differing cases grouped, to
 * {@code target/doc-corpus/summary.md}. Skipped when {@code parallel} is not installed, unless {@code CI} is
 * set.
 *
 * <p>Run it alone with {@code spool-cli/scripts/doc-corpus.sh} (or {@code -Dtest=GnuParallelDocCorpusTest
 * -Dspool.docCorpus=run}); {@code -Dspool.docCorpus.only=REGEX} runs the cases whose id matches. With {@code
 * -Dspool.docCorpus=report} (what CI runs) every case is run and the summary written, but only GNU
 * parallel's time-outs fail: the cases are not asserted.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "spool.docCorpus", matches = "run|report")
class GnuParallelDocCorpusTest {

    /* Implementation notes
     *
     * The cases run on a small pool of threads (spool.docCorpus.threads, default 2: CI has two cores), each
     * case GNU first, then spool, in directories of their own; one dynamic test per case waits for its
     * case's future, so the cases overlap while JUnit reports them one by one. Each run is `setsid bash -c
     * SNIPPET`, with stdout and stderr written to files (a job left in the background cannot hold a pipe
     * open), stdin from /dev/null, and, when it ends or after the timeout, a SIGKILL to its process group.
     * Outcomes are collected in RESULTS for the summary of @AfterAll. */

    private static final Duration CASE_TIMEOUT = TestTimeouts.scaled(Duration.ofSeconds(20));
    private static final int THREADS = Integer.getInteger("spool.docCorpus.threads", 2);
    private static final Map<String, DocCorpusRun.Outcome> RESULTS = new ConcurrentHashMap<>();
    /** {@code report}: run and summarise, assert nothing about spool. */
    private static final boolean REPORT_ONLY = "report".equals(System.getProperty("spool.docCorpus"));

    @TempDir
    static Path root;

    private static ExecutorService executor;
    private static LocalSshd sshd;

    @BeforeAll
    static void requireGnuParallel() throws IOException {
        SpoolCli.requireGnuParallel();
        Path differing = Path.of("target", "doc-corpus", "differing");
        if (Files.isDirectory(differing)) {
            try (Stream<Path> old = Files.list(differing)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        LocalSshd.require();
        try {
            sshd = LocalSshd.start(root.resolve("sshd"), DocCorpusRun.SSHD_CONFIG);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        executor = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void summarize() throws IOException {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (sshd != null) {
            sshd.close();
        }
        if (RESULTS.isEmpty()) {
            return;
        }
        String summary = DocCorpusSummary.markdown(RESULTS.values().stream().toList());
        Path out = Path.of("target", "doc-corpus");
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.md"), summary);
        System.out.println(summary);
    }

    @TestFactory
    Stream<DynamicTest> docExample_sameStdoutStatusAndFiles() throws IOException {
        DocCorpusRun run = new DocCorpusRun(root, CASE_TIMEOUT, sshd);
        String only = System.getProperty("spool.docCorpus.only");
        List<DocCorpusCase> cases = DocCorpusCase.load(GnuParallelDocCorpusTest.class, DocCorpusCase.RESOURCE).stream()
                .filter(c -> only == null || Pattern.compile(only).matcher(c.id()).find())
                .toList();
        List<CompletableFuture<DocCorpusRun.Outcome>> futures = new ArrayList<>();
        for (DocCorpusCase c : cases) {
            futures.add(CompletableFuture.supplyAsync(() -> run.compare(c), executor));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            DocCorpusCase c = cases.get(i);
            CompletableFuture<DocCorpusRun.Outcome> future = futures.get(i);
            tests.add(DynamicTest.dynamicTest(c.id() + " " + c.firstLine(), () -> check(c, future.join())));
        }
        return tests.stream();
    }

    private static void check(DocCorpusCase c, DocCorpusRun.Outcome outcome) throws IOException {
        RESULTS.put(c.id(), outcome);
        if (!outcome.differences().isEmpty()) {
            DocCorpusRun.writeReport(outcome, Path.of("target", "doc-corpus", "differing"));
        }
        assertThat(outcome.gnu().timedOut()).as("GNU parallel did not finish within %s: %s\n%s", CASE_TIMEOUT,
                c.describe(), outcome.gnu()).isFalse();
        if (REPORT_ONLY) {
            return;
        }
        switch (c.expectation()) {
            case DocCorpusCase.Expectation.Identical _ -> assertThat(outcome.differences())
                    .as("%s\nis expected to behave as in GNU parallel, but it differs:\n%s", c.describe(),
                            outcome.report())
                    .isEmpty();
            case DocCorpusCase.Expectation.Differs d -> assertThat(outcome.differences())
                    .as("%s\nis marked `!differs %s`, but spool now does what GNU parallel does:\nremove the "
                            + "marker from %s (and the case from the doc's list of differing examples)",
                            c.describe(), d.marker(), DocCorpusCase.RESOURCE)
                    .isNotEmpty();
            case DocCorpusCase.Expectation.Varies _ -> {
                // run and reported in the summary, never asserted: its output depends on timing or the host
            }
        }
    }
}
