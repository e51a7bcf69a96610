package dev.spool.examples;

import dev.spool.pipeline.Pipeline;
import dev.spool.pipeline.PipelineBuilder;
import dev.spool.pipeline.PipelineOutcome;
import dev.spool.pipeline.Stage;
import dev.spool.pipeline.StageOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lesson: recursive work ends exactly when it is done, not when the queues look empty.
 *
 * <p>A crawler over an in-memory "web" (no network): fetching a page yields its links, each new link is
 * fetched in turn. Python's {@code elegant-concurrency-lab} wires this as fetch threads -> parse threads ->
 * back to the URL queue and stops when the queues have looked empty for a while: a slow fetch can make it
 * stop early and lose pages. Spool counts the work instead, two ways:
 * <ol>
 *   <li>a {@link Pool} whose task submits the links it finds to its own pool (through its {@link
 *       TaskContext}), and {@link Pool#awaitQuiescence()}, which returns when nothing is queued, running or
 *       being submitted;
 *   <li>a {@link Pipeline}: fetch (virtual threads) -> parse (platform threads) -> a feedback edge back to
 *       fetch, every buffer of size 1, which ends exactly when no page is in flight; feedback edges never
 *       wait, so the cycle cannot deadlock.
 * </ol>
 * Both fetch every reachable page exactly once; a breadth-first search on one thread checks the count.
 */
public final class Crawler {

    static final int PAGES = 500;

    private Crawler() {}

    /** The in-memory web: page n links to these pages. */
    static List<Integer> links(int page) {
        return List.of((page * 7 + 1) % PAGES, (page * 13 + 5) % PAGES, page / 2);
    }

    /** "Fetches" a page: a millisecond of pretend network, then its links. */
    static List<Integer> fetch(int page) throws InterruptedException {
        Thread.sleep(1);
        return links(page);
    }

    /** The recursive task: fetch, then submit every link not seen before to the same pool. */
    record Crawl(Set<Integer> seen, Map<Integer, Integer> fetched) implements Task<Integer, Void> {
        @Override
        public Void run(Integer page, TaskContext context) throws InterruptedException {
            fetched.merge(page, 1, Integer::sum);
            for (int link : fetch(page)) {
                if (seen.add(link)) {
                    context.submit(this, link);
                }
            }
            return null;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int reachable = reachableByBfs();
        System.out.printf("crawler: an in-memory web of %d pages, %d reachable from page 0%n", PAGES, reachable);

        // 1. A pool that submits to itself, and waits until it is quiescent.
        Map<Integer, Integer> fetchedByPool = new ConcurrentHashMap<>();
        Set<Integer> seenByPool = ConcurrentHashMap.newKeySet();
        try (Pool pool = Pool.builder().name("crawl").kind(dev.spool.pool.WorkerKind.VIRTUAL).workers(16).build()) {
            seenByPool.add(0);
            pool.submit(new Crawl(seenByPool, fetchedByPool), 0);
            pool.awaitQuiescence();
        }
        System.out.printf("pool + awaitQuiescence: fetched %d pages, each once: %b%n", fetchedByPool.size(),
                fetchedByPool.values().stream().allMatch(n -> n == 1));

        // 2. A pipeline with a cycle: fetch -> parse -> back to fetch.
        Map<Integer, Integer> fetchedByPipeline = new ConcurrentHashMap<>();
        Set<Integer> seenByPipeline = ConcurrentHashMap.newKeySet();
        PipelineBuilder<Integer> builder = Pipeline.builder("crawler");
        Stage<Integer, Page> fetchStage = builder.map("fetch", StageOptions.virtual(16).buffer(1), (page, c) -> {
            fetchedByPipeline.merge(page, 1, Integer::sum);
            return new Page(page, fetch(page));
        });
        Stage<Page, Integer> parseStage = builder.stage("parse", StageOptions.platform(2).buffer(1), (page, out, c) -> {
            for (int link : page.links()) {
                if (seenByPipeline.add(link)) {
                    out.emit(link); // along the feedback edge: never waits, so the cycle cannot deadlock
                }
            }
        });
        Stage<Page, Integer> pageIds = builder.map("done", StageOptions.platform(1).buffer(1), (page, c) -> page.id());
        seenByPipeline.add(0);
        builder.source(fetchStage, List.of(0))
                .connect(fetchStage, parseStage).feedback(parseStage, fetchStage)
                .connect(fetchStage, pageIds).output(pageIds);
        long outcomes;
        long failures;
        try (Pipeline<Integer> pipeline = builder.start()) {
            List<PipelineOutcome<Integer>> all = pipeline.outcomes().toList();
            outcomes = all.size();
            failures = all.stream().filter(o -> !o.isSuccess()).count();
        }
        System.out.printf("pipeline (fetch -> parse -> back to fetch, buffers of 1): fetched %d pages, each once: %b;"
                + " %d outcomes, %d failed%n", fetchedByPipeline.size(),
                fetchedByPipeline.values().stream().allMatch(n -> n == 1), outcomes, failures);

        boolean ok = fetchedByPool.size() == reachable && fetchedByPipeline.size() == reachable && outcomes == reachable;
        System.out.println(ok ? "ok: both ended exactly when every reachable page was fetched"
                : "MISMATCH: pages were lost or fetched twice");
        if (!ok) {
            System.exit(1);
        }
    }

    /** A fetched page: its number and its links. */
    record Page(int id, List<Integer> links) {}

    private static int reachableByBfs() {
        Set<Integer> seen = new HashSet<>(List.of(0));
        var queue = new ArrayDeque<>(List.of(0));
        while (!queue.isEmpty()) {
            for (int link : links(queue.poll())) {
                if (seen.add(link)) {
                    queue.add(link);
                }
            }
        }
        return seen.size();
    }
}
