package dev.spool.cli.job;

import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One run's {@code perl}, which evaluates the {@code {= perl expression =}} replacement strings (and those
 * of {@code --rpl} and {@code --plus}) for each job, as GNU parallel evaluates them in its own interpreter:
 * in package {@code Arg}, with {@code $_} the value, {@code @arg} the job's values from {@code $arg[1]},
 * {@code $job}, and GNU parallel's helpers ({@code Q}, {@code uq}, {@code skip}, {@code seq}, {@code slot},
 * {@code total_jobs}, {@code hash}, {@code yyyy_mm_dd}, …). Variables keep their values from job to job.
 *
 * <p>Nothing starts until the first expression is compiled: a run whose templates have no Perl costs nothing.
 * Thread-safe: jobs are rendered on the runner's worker threads; one request is in flight at a time.
 * {@link #close()} ends the process; it also ends by itself when spool dies (end of file on its stdin), and
 * it runs under the orphan guard's watchdog like every job.
 */
public final class PerlCoprocess implements AutoCloseable {

    /* Implementation notes
     *
     * Protocol (perl-evaluator.pl has the other side): every integer is 4 bytes big-endian, every string is
     * its length and its bytes (spool's strings are ISO-8859-1 views of bytes, so values cross byte for
     * byte, NUL included).
     *   C expr                          -> O id | E message
     *   J nfields seq slot total args…  nreq (id argIndex)…  -> R skip (unquote value)… | E index message
 *   T code                          -> R true (--filter: code evaluated once, an error is false)
     * A request and its answer happen under `lock`, so answers cannot be crossed. Expressions are compiled
     * once each (the id cache is guarded by `lock`). Order: the planner announces each job (planned()); a
     * job's evaluation waits on `turn`, a bounded time, until the jobs announced before it are done, so
     * Perl state advances in input order as in GNU parallel, and a job that is never made (the run stopped)
     * delays the others by at most TURN_WAIT_NANOS, never forever.
     *
     * Failure: perl missing -> JobSpecException naming {= =}, raised at the first compile, that is while the
     * templates are parsed, before any job runs. A compile error -> JobSpecException naming the expression.
     * A die while evaluating, or perl ending -> PerlExpressionException naming the expression; the runner
     * ends the run on it with exit 255, as GNU parallel does. After perl ended every request fails at once.
     */

    static final long TURN_WAIT_NANOS = 200_000_000L;

    private final int maxJobs;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@code lock}; null until started. */
    private LaunchedJob process;
    /** Guarded by {@code lock}. */
    private DataOutputStream out;
    /** Guarded by {@code lock}. */
    private DataInputStream in;
    /** Expression -> id in perl; guarded by {@code lock}. */
    private final Map<String, Integer> ids = new HashMap<>();
    /** Id -> expression, for messages; guarded by {@code lock}. */
    private final List<String> expressions = new ArrayList<>();
    /** Signalled when a job's expressions have been evaluated: the next job's turn. */
    private final Condition turn = lock.newCondition();
    /** The jobs planned and not yet evaluated, in input order; guarded by {@code lock}. */
    private final ArrayDeque<Long> planned = new ArrayDeque<>();
    /** Guarded by {@code lock}: set when perl has gone, so later requests fail at once. */
    private String broken;
    /** Null while the number of jobs is not known. */
    private volatile LongSupplier totalJobs;
    private final String program;

    /** A co-process for a run of {@code maxJobs} job slots ({@code $Global::max_jobs_running}); not started. */
    public PerlCoprocess(int maxJobs) {
        this(maxJobs, "perl");
    }

    /** As {@link #PerlCoprocess(int)}, running {@code program} (a name looked up in {@code PATH}, or a path). */
    PerlCoprocess(int maxJobs, String program) {
        this.maxJobs = maxJobs;
        this.program = program;
    }

    /** Where {@code total_jobs()} comes from: the number of jobs of the run, or -1 while it is not known. */
    public void totalJobs(LongSupplier total) {
        this.totalJobs = total;
    }

    /**
     * Says that job {@code seq} is next in input order (called by the one thread that plans the jobs), so
     * that jobs are evaluated in that order, as GNU parallel evaluates them, although several threads make
     * commands: variables that carry from job to job ({@code $_ = ++$n}) count in input order. A job waits
     * at most {@link #TURN_WAIT_NANOS} for the jobs planned before it (one that is never made, because the
     * run stops, cannot hold the others up).
     */
    public void planned(long seq) {
        lock.lock();
        try {
            planned.addLast(seq);
        } finally {
            lock.unlock();
        }
    }

    /** One evaluation: the expression {@code id} on the job's value number {@code argIndex} (from 1; 0: empty). */
    record Request(int id, int argIndex) {}

    /** A value an expression made; {@code unquoted} when it called {@code uq()}. */
    record Value(String text, boolean unquoted) {}

    /** A job's values, one per request, and whether an expression called {@code skip()}. */
    record Answer(boolean skip, List<Value> values) {}

    /**
     * Compiles {@code expression} (starting perl if needed) and returns its id.
     *
     * @throws JobSpecException if perl cannot start or the expression does not compile, naming it
     */
    int compile(String expression, String source) {
        lock.lock();
        try {
            Integer known = ids.get(expression);
            if (known != null) {
                return known;
            }
            start(source);
            try {
                out.writeByte('C');
                writeString(expression);
                out.flush();
                int status = in.readUnsignedByte();
                if (status == 'E') {
                    throw new JobSpecException("cannot use the Perl expression " + source + ": "
                            + firstLine(readString()));
                }
                int id = in.readInt();
                ids.put(expression, id);
                expressions.add(source);
                return id;
            } catch (IOException e) {
                throw new JobSpecException(ended(expression, e), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether Perl finds {@code code} true ({@code --filter}: the filter with the job's values in place, as
     * GNU parallel evaluates it); code that does not compile or dies is false, as in GNU parallel.
     *
     * @throws JobSpecException if perl cannot start
     * @throws PerlExpressionException if perl has ended
     */
    public boolean test(String code, String source) {
        lock.lock();
        try {
            start(source);
            if (broken != null) {
                throw new PerlExpressionException(broken);
            }
            try {
                out.writeByte('T');
                writeString(code);
                out.flush();
                if (in.readUnsignedByte() != 'R') {
                    throw new IOException("unexpected answer");
                }
                return in.readUnsignedByte() != 0;
            } catch (IOException e) {
                broken = ended(source, e);
                throw new PerlExpressionException(broken, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evaluates {@code requests} for job {@code seq} in {@code slot} with the job's {@code args}.
     *
     * @throws PerlExpressionException if an expression dies or perl has ended
     */
    Answer evaluate(long seq, int slot, List<String> args, List<Request> requests) {
        LongSupplier totalSupplier = totalJobs;
        long total = totalSupplier == null ? -1 : totalSupplier.getAsLong();
        lock.lock();
        try {
            awaitTurn(seq);
            String first = expressions.get(requests.getFirst().id());
            if (broken != null) {
                throw new PerlExpressionException(broken);
            }
            try {
                out.writeByte('J');
                out.writeInt(3 + args.size());
                writeString(Long.toString(seq));
                writeString(Integer.toString(slot));
                writeString(total < 0 ? "" : Long.toString(total));
                for (String a : args) {
                    writeString(a);
                }
                out.writeInt(requests.size());
                for (Request r : requests) {
                    out.writeInt(r.id());
                    out.writeInt(r.argIndex());
                }
                out.flush();
                int status = in.readUnsignedByte();
                if (status == 'E') {
                    int failed = in.readInt();
                    String message = readString();
                    throw new PerlExpressionException("the Perl expression "
                            + expressions.get(requests.get(failed).id()) + " failed: " + firstLine(message));
                }
                boolean skip = in.readUnsignedByte() != 0;
                List<Value> values = new ArrayList<>(requests.size());
                for (int i = 0; i < requests.size(); i++) {
                    boolean unquoted = in.readUnsignedByte() != 0;
                    values.add(new Value(readString(), unquoted));
                }
                return new Answer(skip, values);
            } catch (IOException e) {
                broken = ended(first, e);
                throw new PerlExpressionException(broken, e);
            }
        } finally {
            while (!planned.isEmpty() && planned.peekFirst() <= seq) {
                planned.removeFirst();
            }
            turn.signalAll();
            lock.unlock();
        }
    }

    /** Waits, a bounded time, until the jobs planned before {@code seq} have been evaluated. */
    private void awaitTurn(long seq) {
        assert lock.isHeldByCurrentThread();
        long left = TURN_WAIT_NANOS;
        while (!planned.isEmpty() && planned.peekFirst() < seq && left > 0) {
            try {
                left = turn.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ends perl (end of file on its stdin) and waits for it. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (process == null) {
                return;
            }
            broken = "perl has been closed";
            try {
                out.close();
            } catch (IOException ignored) {
                // it has gone already
            }
            try {
                if (process.waitFor(java.time.Duration.ofSeconds(2)).isEmpty()) {
                    process.signalGroup(9);
                    process.waitFor();
                }
            } catch (InterruptedException e) {
                process.signalGroup(9);
                Thread.currentThread().interrupt();
            }
            process = null;
        } finally {
            lock.unlock();
        }
    }

    private void start(String source) {
        assert lock.isHeldByCurrentThread();
        if (broken != null) {
            throw new JobSpecException(broken);
        }
        if (process != null) {
            return;
        }
        JobSpec spec = JobSpec.builder(program, "-e", Script.TEXT, Integer.toString(maxJobs))
                .stdin(Redirect.PIPE).stdout(Redirect.PIPE).stderr(Redirect.INHERIT).build();
        try {
            process = PosixSpawnLauncher.guarded().launch(spec);
        } catch (LaunchException e) {
            broken = "the Perl expression " + source + " needs perl, which "
                    + (e.isCommandNotFound() ? "is not on PATH" : "cannot start: " + e.getMessage())
                    + " (GNU parallel's {= =}, --rpl and --plus strings run in perl)";
            throw new JobSpecException(broken, e);
        }
        out = new DataOutputStream(new BufferedOutputStream(process.stdin(), 1 << 16));
        in = new DataInputStream(new BufferedInputStream(process.stdout(), 1 << 16));
    }

    private void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.writeInt(b.length);
        out.write(b);
    }

    private String readString() throws IOException {
        int n = in.readInt();
        return new String(in.readNBytes(checkedLength(n)), StandardCharsets.ISO_8859_1);
    }

    private int checkedLength(int n) throws IOException {
        if (n < 0) {
            throw new IOException("bad length from perl: " + Integer.toUnsignedString(n));
        }
        return n;
    }

    private static String ended(String source, IOException e) {
        return "perl ended while evaluating the Perl expression " + source
                + (e instanceof EOFException ? "" : ": " + e.getMessage());
    }

    private static String firstLine(String message) {
        String m = message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The script, read at the first start. */
    private static final class Script {
        static final String TEXT = load();

        private static String load() {
            try (InputStream s = PerlCoprocess.class.getResourceAsStream("perl-evaluator.pl")) {
                if (s == null) {
                    throw new IllegalStateException("perl-evaluator.pl is missing from spool's jar");
                }
                return new String(s.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
