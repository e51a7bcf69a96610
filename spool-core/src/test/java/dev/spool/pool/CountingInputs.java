package dev.spool.pool;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/** Map inputs that count how many were read: the i-th input read is {@code value.applyAsInt(i)}. */
final class CountingInputs implements Iterable<Integer> {

    /** How many inputs were read so far. */
    final AtomicInteger read = new AtomicInteger();
    final int size;
    private final IntUnaryOperator value;

    CountingInputs(int size, IntUnaryOperator value) {
        this.size = size;
        this.value = value;
    }

    /** {@code size} inputs, each {@code value}. */
    CountingInputs(int size, int value) {
        this(size, i -> value);
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return read.get() < size;
            }

            @Override
            public Integer next() {
                return value.applyAsInt(read.getAndIncrement());
            }
        };
    }
}
