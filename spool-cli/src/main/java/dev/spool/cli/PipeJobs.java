package dev.spool.cli;

import dev.spool.cli.job.ArgsPerJob;
import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.JobArgs;
import dev.spool.cli.job.JobShell;
import dev.spool.cli.job.ReplacementStrings;
import dev.spool.cli.pipe.BlockBuffers;
import dev.spool.cli.pipe.BlockDealer;
import dev.spool.cli.pipe.BlockSize;
import dev.spool.cli.pipe.BlockTee;
import dev.spool.cli.pipe.FileParts;
import dev.spool.cli.pipe.GroupBy;
import dev.spool.cli.pipe.PipeFeed;
import dev.spool.cli.pipe.PipeInput;
import dev.spool.cli.pipe.Records;
import dev.spool.cli.pipe.StdinBlocks;
import dev.spool.cli.run.DryRun;
import dev.spool.cli.run.JobRunner;
import dev.spool.cli.run.PlannedJob;
import dev.spool.cli.run.ResultsTarget;
import dev.spool.cli.run.RunSettings;
import dev.spool.launch.PosixSpawnLauncher;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The jobs of {@code --pipe} and {@code --pipepart}: one per block of stdin or part of a file, each with
 * its block ({@link PipeFeed}), and no input value ({@code {}} is empty, or the file's name with {@code
 * --cat} and {@code --fifo}). Holds the buffers of stdin's blocks, which {@link #stop} lets go of.
 */
final class PipeJobs implements AutoCloseable {

    private final Iterator<PlannedJob> jobs;
    private final boolean atHand;
    private final BlockBuffers buffers;
    private final BlockDealer dealer;
    /** {@code --group-by}'s filter, or null. */
    private final GroupBy groupBy;

    private PipeJobs(Iterator<PlannedJob> jobs, boolean atHand, BlockBuffers buffers, BlockDealer dealer,
                     GroupBy groupBy) {
        this.jobs = jobs;
        this.atHand = atHand;
        this.buffers = buffers;
        this.dealer = dealer;
        this.groupBy = groupBy;
    }

    /** The jobs, read lazily. */
    Iterator<PlannedJob> jobs() {
        return jobs;
    }

    /** Whether reading the jobs ahead never waits (file parts, not stdin). */
    boolean atHand() {
        return atHand;
    }

    /** Wakes a reader waiting for a buffer and reads no more blocks: the run is stopping. */
    void stop() {
        if (dealer != null) {
            dealer.stop();
        }
        if (buffers != null) {
            buffers.close();
        }
        if (groupBy != null) {
            groupBy.stop();
        }
    }

    /**
     * The run's exit status, given the runner's: 255, with the reason on stderr, if {@code --group-by}'s
     * filter failed (its Perl expression did not compile, say), as then the jobs did not get all of stdin.
     */
    int exitStatus(int runStatus) throws InterruptedException {
        if (groupBy == null) {
            return runStatus;
        }
        var failure = groupBy.failure();
        if (failure.isEmpty()) {
            return runStatus;
        }
        System.err.println("spool: " + failure.get());
        return ExitCodes.ERROR;
    }

    /** Ends {@code --group-by}'s filter if it still runs. */
    @Override
    public void close() {
        if (groupBy != null) {
            groupBy.close();
        }
    }

    /** Whether {@code options} ask for blocks of stdin or of a file. */
    static boolean wanted(RunOptions options) {
        // GNU parallel: --cat, --fifo and --group-by imply --pipe
        return options.pipe || options.pipePart || options.cat || options.fifo || options.groupBy != null;
    }

    /** Checks the options that only --pipe gives a meaning to, when it is not given. */
    static void checkWithoutPipe(RunOptions options) {
        if (options.maxLines != null) {
            throw new UsageException("-L without --pipe is a GNU parallel option that spool does not support");
        }
    }

    static PipeJobs plan(RunOptions options, int slots, boolean haltByPercent, Path tmpDir,
                         dev.spool.cli.job.PerlCoprocess perl) {
        if (options.maxArgs != null) {
            throw new UsageException("-n cannot be used with --pipe (use -N for records per block)");
        }
        if (haltByPercent) {
            throw new UsageException("--halt with a percentage needs the number of jobs, which --pipe does not know");
        }
        int fileSources = options.argFiles.size();
        List<String> words = new ArrayList<>();
        List<String> files = new ArrayList<>(options.argFiles);
        List<String> positionals = options.commandAndSources;
        int i = 0;
        while (i < positionals.size() && !isSeparator(positionals.get(i))) {
            words.add(positionals.get(i++));
        }
        while (i < positionals.size()) {
            String separator = positionals.get(i++);
            if (!separator.startsWith("::::") || !options.pipePart) {
                throw new UsageException((options.pipePart ? "--pipepart" : "--pipe") + " reads "
                        + (options.pipePart ? "the files of -a or ::::" : "stdin") + "; " + separator
                        + " is not supported with it");
            }
            while (i < positionals.size() && !isSeparator(positionals.get(i))) {
                files.add(positionals.get(i++));
            }
        }
        if (options.pipePart && files.isEmpty()) {
            throw new UsageException("--pipepart needs a file: -a FILE or :::: FILE");
        }
        if (options.pipe && !options.pipePart && fileSources > 0) {
            throw new UsageException("--pipe reads stdin; -a is not supported with it (use --pipepart -a FILE)");
        }
        if (options.removeRecSep && options.roundRobin && !options.pipePart) {
            throw new UsageException("--rrs with --round-robin is not supported (a job's blocks are streamed)");
        }
        if (options.cat && options.fifo) {
            throw new UsageException("--cat and --fifo cannot be used together");
        }
        checkGroupBy(options);
        JobShell shell = JobShell.of(System.getenv());
        ReplacementStrings names = JobPlanner.replacementStrings(options).withCoprocess(perl);
        PipeFeed.Delivery delivery = options.cat ? PipeFeed.Delivery.CAT
                : options.fifo ? PipeFeed.Delivery.FIFO : PipeFeed.Delivery.STDIN;
        // a job reads its block on stdin: no value is appended; --cat and --fifo append the file's name
        CommandTemplate template = CommandTemplate.parse(words, names, ArgsPerJob.ONE, shell,
                delivery != PipeFeed.Delivery.STDIN, options.quote);
        CommandTemplate tagTemplate = options.tagString == null ? null
                : CommandTemplate.parse(List.of(options.tagString), names, ArgsPerJob.ONE,
                        dev.spool.cli.job.JobShell.SH, false);
        CommandTemplate resultsTemplate = options.results == null || ResultsTarget.isTable(options.results)
                || !CommandTemplate.hasReplacementString(options.results, names) ? null
                : CommandTemplate.parse(List.of(options.results), names, ArgsPerJob.ONE);
        String prefix = "spool-pipe-" + ProcessHandle.current().pid() + "-";
        Iterator<PipeInput> inputs;
        BlockBuffers buffers = null;
        GroupBy groupBy = options.groupBy == null ? null
                : GroupBy.start(options.groupBy, options.colsep, new FileInputStream(FileDescriptor.in));
        Records records = groupBy != null
                ? Records.of(groupBy.recordStart(), null, false, options.exactArgs, options.maxLines)
                : Records.of(options.recstart, options.recend, options.regexp, options.exactArgs, options.maxLines);
        boolean removeSeparators = options.removeRecSep || groupBy != null;
        if (options.pipePart) {
            // GNU parallel: --round-robin makes one part per job slot
            long block = options.roundRobin ? -1 : options.blockSize != null ? options.blockSize : -10;
            List<PipeInput> parts = new ArrayList<>();
            for (String file : files) {
                parts.addAll(FileParts.of(Path.of(RawArgs.toPlatform(file)), file, block, slots, records, options.header));
            }
            inputs = parts.iterator();
        } else {
            long block = options.blockSize != null ? options.blockSize : BlockSize.DEFAULT;
            if (block < 0) {
                throw new UsageException("--block: '" + block + "' must be positive with --pipe");
            }
            buffers = new BlockBuffers(Math.max(2, options.roundRobin ? 2 * slots + 2 : slots + 2));
            inputs = groupBy == null
                    ? new StdinBlocks(new FileInputStream(FileDescriptor.in).getChannel(), buffers, block, records,
                            options.header, System.err)
                    : new StdinBlocks(groupBy.channel(), buffers, block, records, options.header,
                            groupBy.header().orElse(null), System.err);
        }
        BlockDealer dealer = options.roundRobin && !options.pipePart ? new BlockDealer(inputs, slots) : null;
        Iterator<PipeInput> source = inputs;
        Iterator<PlannedJob> jobs = new Iterator<>() {
            private long seq;
            private boolean dealt;

            @Override
            public boolean hasNext() {
                if (dealer == null) {
                    return source.hasNext();
                }
                if (seq < slots && dealer.hasBlock()) {
                    return true; // a job per block until every slot has one
                }
                if (!dealt) {
                    dealt = true;
                    dealer.dealRest((int) seq); // the jobs run meanwhile, taking the blocks
                }
                return false;
            }

            @Override
            public PlannedJob next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PipeInput input = dealer != null ? dealer.newJob() : source.next();
                if (removeSeparators && !options.pipePart) { // GNU parallel's --pipepart ignores --rrs
                    input = PipeInput.withoutSeparators(input, records);
                }
                long n = ++seq;
                Path file = delivery == PipeFeed.Delivery.STDIN ? null : tmpDir.resolve(prefix + n);
                JobArgs args = new JobArgs(n, List.of(file == null ? JobArgs.NO_ARG : file.toString()));
                return new PlannedJob(n, args, template, tagTemplate, null, null, resultsTemplate,
                        new PipeFeed(input, delivery, file));
            }
        };
        return new PipeJobs(jobs, options.pipePart, buffers, dealer, groupBy);
    }

    /** GNU parallel's checks of {@code --group-by}: it makes its own record separators. */
    private static void checkGroupBy(RunOptions options) {
        if (options.groupBy == null) {
            return;
        }
        if (options.pipePart) {
            throw new UsageException("--group-by with --pipepart is not supported (use --pipe, reading the file on stdin)");
        }
        if (options.removeRecSep) {
            throw new UsageException("--remove-rec-sep is not compatible with --group-by");
        }
        if (options.recstart != null) {
            throw new UsageException("--recstart is not compatible with --group-by");
        }
        if (options.recend != null && !options.recend.equals("\\n") && !options.recend.equals("\n")) {
            throw new UsageException("--recend is not compatible with --group-by");
        }
    }

    /** The most jobs --tee runs at once (below the machine probe of large -j, which may run fewer). */
    static final int TEE_MAX_JOBS = 64;

    /**
     * {@code --pipe --tee}: one job per input of {@code :::} (or {@code ::::}), all running at once, each
     * reading all of stdin (with {@code --pipepart -a FILE}, all of FILE). As in GNU parallel, -j defaults to
     * the number of jobs, and a smaller -j is refused (the jobs could not all read at once).
     *
     * @param slotsGiven -j as given, resolved; 0 when not given
     */
    static int runTee(RunOptions options, RunSettings settings, dev.spool.cli.job.PerlCoprocess perl, int slotsGiven)
            throws Exception {
        if (!options.pipe && !options.pipePart) {
            throw new UsageException("--tee needs --pipe (every job reads all of stdin) or --pipepart -a FILE"
                    + " (every job reads all of FILE)");
        }
        Path file = null;
        if (options.pipePart) { // GNU parallel: each job reads the whole file; the inputs of ::: make the jobs
            if (options.argFiles.size() != 1) {
                throw new UsageException("--pipepart --tee reads one file, given with -a FILE ("
                        + options.argFiles.size() + " given)");
            }
            file = Path.of(RawArgs.toPlatform(options.argFiles.getFirst()));
            options.argFiles = new ArrayList<>(); // not an input source of the jobs
        }
        if (options.header != null || options.roundRobin || options.cat || options.fifo || options.removeRecSep
                || options.maxLines != null || options.exactArgs != null) {
            throw new UsageException("--tee is not supported with --header, --round-robin, --cat, --fifo, --rrs,"
                    + " -L or -N: every job reads all of stdin as it is");
        }
        List<PlannedJob> planned = new ArrayList<>();
        JobPlanner.plan(options, JobPlanner.ResumeFilter.NONE, perl, Math.max(1, slotsGiven))
                .forEachRemaining(planned::add);
        if (planned.size() > TEE_MAX_JOBS) {
            throw new UsageException("--tee runs all " + planned.size() + " jobs at once: spool runs at most "
                    + TEE_MAX_JOBS + " that way");
        }
        if (settings.halt().percent() > 0) {
            throw new UsageException("--halt with a percentage is not supported with --tee");
        }
        if (slotsGiven > 0 && slotsGiven < planned.size()) {
            throw new UsageException("--tee runs all " + planned.size() + " jobs at once: -j " + slotsGiven
                    + " is too few (leave out -j, or use -j 0)");
        }
        RunSettings teeSettings = settings.withSlots(Math.max(1, planned.size()));
        if (settings.dryRun()) {
            return DryRun.print(planned.iterator(), teeSettings.slots(), settings.trace(), 0);
        }
        long block = options.blockSize != null ? options.blockSize : BlockSize.DEFAULT;
        if (block < 0) {
            throw new UsageException("--block: '" + block + "' must be positive with --pipe");
        }
        BlockBuffers buffers = new BlockBuffers(2);
        Records records = Records.of(options.recstart, options.recend, options.regexp, null, null);
        java.nio.channels.ReadableByteChannel in;
        try {
            in = file == null ? new FileInputStream(FileDescriptor.in).getChannel() : java.nio.channels.FileChannel.open(file);
        } catch (java.io.IOException e) {
            throw new UsageException("--pipepart: cannot read '" + file + "': "
                    + (e instanceof java.nio.file.NoSuchFileException ? "No such file or directory" : e.getMessage()), e);
        }
        BlockTee tee = new BlockTee(new StdinBlocks(in, buffers, block, records, null, System.err));
        Iterator<PlannedJob> jobs = new Iterator<>() {
            private int next;
            private boolean teed;

            @Override
            public boolean hasNext() {
                if (next < planned.size()) {
                    return true;
                }
                if (!teed) {
                    teed = true;
                    tee.teeAll(); // every job has started or is starting: they read as stdin is read
                }
                return false;
            }

            @Override
            public PlannedJob next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PlannedJob job = planned.get(next++);
                return new PlannedJob(job.seq(), job.args(), job.template(), job.tagTemplate(), job.loggedLine(),
                        job.loggedShell(), job.resultsTemplate(), new PipeFeed(tee.newJob(), PipeFeed.Delivery.STDIN,
                        null));
            }
        };
        JobRunner runner = new JobRunner(teeSettings, PosixSpawnLauncher.guarded());
        runner.whenStopping(() -> {
            tee.stop();
            buffers.close();
        });
        return runner.run(jobs, false); // not read ahead: the last job's hasNext() feeds the started jobs
    }

    private static boolean isSeparator(String s) {
        return s.equals(":::") || s.equals(":::+") || s.equals("::::") || s.equals("::::+");
    }
}
