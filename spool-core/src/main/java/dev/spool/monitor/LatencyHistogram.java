package dev.spool.monitor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram of durations from {@link #LOWEST} (1 µs) to {@link #HIGHEST} (1 h) with fixed memory
 * (about 8 KB) and constant-time, lock-free {@link #record}.
 *
 * <p><b>Accuracy.</b> A {@linkplain #percentile percentile} is within {@link #RELATIVE_ERROR} (1/64,
 * about 1.6 %) of the exact value of the same rank among the recorded (clamped) values: about two
 * significant digits. {@link #count()}, {@link #max()} and {@link #mean()} are exact (of clamped values).
 * Values below 1 µs are recorded as 1 µs, values above 1 h as 1 h.
 *
 * <p><b>Thread safety.</b> Every method may be called from any thread at any time. Reads while other
 * threads record are weakly consistent: a concurrent {@code record} may or may not be reflected, and
 * {@code count}, {@code mean} and a percentile read at the same moment may disagree by the values being
 * recorded; once recording stops, every read is exact in the sense above.
 */
public final class LatencyHistogram {

    /*
     * Implementation notes.
     *
     * Log-linear buckets, as HdrHistogram: a value v with magnitude m = floor(log2 v) falls into one of
     * SUB_COUNT = 32 equal sub-buckets of [2^m, 2^(m+1)), each 2^(m-5) wide. The sub-bucket is the five
     * bits after the leading one: (v >>> (m - 5)) & 31. Magnitudes run from 9 (512 ns; 1 µs = 1000 ns
     * lies in it) to 41 (2^41 ns ≈ 37 min; 1 h = 3.6e12 ns lies in it): 33 * 32 = 1056 buckets.
     *
     * A percentile reports the midpoint of its bucket, capped at the exact max. The true value lies in
     * the same bucket [lo, lo + w) with lo >= 32 w, so the error is at most w/2 <= lo/64 <= v/64.
     *
     * Concurrency: record writes max first, then the bucket (AtomicLongArray: one atomic add, no retry
     * loop), then the LongAdders. A reader copies the buckets first and reads max after, so any bucket
     * increment it sees comes with a max at least as large (the volatile write of max happens-before the
     * bucket write it observes), and capping by max never pulls a percentile below its bucket.
     */

    /** The smallest value told apart: smaller values are recorded as this. */
    public static final Duration LOWEST = Duration.ofNanos(1_000);

    /** The largest value told apart: larger values are recorded as this. */
    public static final Duration HIGHEST = Duration.ofHours(1);

    /** The bound on the relative error of a percentile: 1/64. */
    public static final double RELATIVE_ERROR = 1.0 / 64;

    private static final int SUB_BITS = 5;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final long MIN_NANOS = LOWEST.toNanos();
    private static final long MAX_NANOS = HIGHEST.toNanos();
    private static final int MIN_MAGNITUDE = magnitude(MIN_NANOS);
    private static final int MAX_MAGNITUDE = magnitude(MAX_NANOS);
    private static final int BUCKETS = (MAX_MAGNITUDE - MIN_MAGNITUDE + 1) * SUB_COUNT;

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    /** The largest clamped value recorded; 0 while empty. Only grows. */
    private final AtomicLong max = new AtomicLong();

    /** Creates an empty histogram. */
    public LatencyHistogram() {}

    /**
     * Records one duration of {@code nanos} nanoseconds, clamped to [{@link #LOWEST}, {@link #HIGHEST}]
     * (so a negative duration from a clock step counts as 1 µs). Lock-free and allocation-free.
     */
    public void record(long nanos) {
        long v = Math.clamp(nanos, MIN_NANOS, MAX_NANOS);
        long seen = max.get();
        if (v > seen) {
            max.accumulateAndGet(v, Math::max);
        }
        buckets.getAndIncrement(indexOf(v));
        count.increment();
        sum.add(v);
    }

    /** How many values were recorded. */
    public long count() {
        return count.sum();
    }

    /** The largest value recorded (after clamping), or zero if none. */
    public Duration max() {
        return Duration.ofNanos(max.get());
    }

    /** The mean of the recorded (clamped) values, or zero if none. */
    public Duration mean() {
        long n = count.sum();
        return n == 0 ? Duration.ZERO : Duration.ofNanos(sum.sum() / n);
    }

    /**
     * The value below or at which {@code p} percent of the recorded values lie: the value of rank
     * {@code ceil(p/100 * count)} (at least 1) in sorted order, within {@link #RELATIVE_ERROR}. {@code
     * percentile(0)} is about the minimum, {@code percentile(100)} is exactly {@link #max()}.
     *
     * @return the percentile, or zero if nothing was recorded
     * @throws IllegalArgumentException if {@code p} is not in [0, 100] (NaN included); the message names it
     */
    public Duration percentile(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], was " + p);
        }
        long[] copy = new long[BUCKETS];
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = buckets.get(i);
            n += copy[i];
        }
        long cap = max.get();
        if (n == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100 * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += copy[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(lowerBound(i) + width(i) / 2, cap));
            }
        }
        throw new AssertionError("rank " + rank + " beyond count " + n);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count() + ", p50=" + percentile(50) + ", max=" + max() + "]";
    }

    private static int magnitude(long v) {
        return 63 - Long.numberOfLeadingZeros(v);
    }

    static int indexOf(long clamped) {
        int m = magnitude(clamped);
        int sub = (int) (clamped >>> (m - SUB_BITS)) & (SUB_COUNT - 1);
        return (m - MIN_MAGNITUDE) * SUB_COUNT + sub;
    }

    static long lowerBound(int index) {
        int shift = index / SUB_COUNT + MIN_MAGNITUDE - SUB_BITS;
        return (long) (SUB_COUNT + index % SUB_COUNT) << shift;
    }

    static long width(int index) {
        return 1L << (index / SUB_COUNT + MIN_MAGNITUDE - SUB_BITS);
    }
}
