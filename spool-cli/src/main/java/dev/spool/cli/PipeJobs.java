package dev.spool.cli;

import dev.spool.cli.job.ArgsPerJob;
import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.JobArgs;
import dev.spool.cli.job.JobShell;
import dev.spool.cli.job.ReplacementStrings;
import dev.spool.cli.pipe.BlockBuffers;
import dev.spool.cli.pipe.BlockDealer;
import dev.spool.cli.pipe.BlockSize;
import dev.spool.cli.pipe.FileParts;
import dev.spool.cli.pipe.PipeFeed;
import dev.spool.cli.pipe.PipeInput;
import dev.spool.cli.pipe.Records;
import dev.spool.cli.pipe.StdinBlocks;
import dev.spool.cli.run.PlannedJob;
import dev.spool.cli.run.ResultsTarget;
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
final class PipeJobs {

    private final Iterator<PlannedJob> jobs;
    private final boolean atHand;
    private final BlockBuffers buffers;
    private final BlockDealer dealer;

    private PipeJobs(Iterator<PlannedJob> jobs, boolean atHand, BlockBuffers buffers, BlockDealer dealer) {
        this.jobs = jobs;
        this.atHand = atHand;
        this.buffers = buffers;
        this.dealer = dealer;
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
    }

    /** Whether {@code options} ask for blocks of stdin or of a file. */
    static boolean wanted(RunOptions options) {
        // GNU parallel: --cat and --fifo imply --pipe
        return options.pipe || options.pipePart || options.cat || options.fifo;
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
        Records records = Records.of(options.recstart, options.recend, options.regexp, options.exactArgs,
                options.maxLines);
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
            inputs = new StdinBlocks(new FileInputStream(FileDescriptor.in).getChannel(), buffers, block, records,
                    options.header, System.err);
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
                if (options.removeRecSep && !options.pipePart) { // GNU parallel's --pipepart ignores --rrs
                    input = PipeInput.withoutSeparators(input, records);
                }
                long n = ++seq;
                Path file = delivery == PipeFeed.Delivery.STDIN ? null : tmpDir.resolve(prefix + n);
                JobArgs args = new JobArgs(n, List.of(file == null ? JobArgs.NO_ARG : file.toString()));
                return new PlannedJob(n, args, template, tagTemplate, null, null, resultsTemplate,
                        new PipeFeed(input, delivery, file));
            }
        };
        return new PipeJobs(jobs, options.pipePart, buffers, dealer);
    }

    private static boolean isSeparator(String s) {
        return s.equals(":::") || s.equals(":::+") || s.equals("::::") || s.equals("::::+");
    }
}
