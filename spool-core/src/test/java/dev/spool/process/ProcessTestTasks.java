package dev.spool.process;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Tasks, codecs and initializers for the process-worker tests: public classes a child JVM can create. */
public final class ProcessTestTasks {
    private ProcessTestTasks() {}

    /** Returns its input unchanged: a round trip through the codecs. */
    public static final class Echo implements Task<Object, Object> {
        @Override
        public Object run(Object input, TaskContext context) {
            return input;
        }
    }

    /** Returns the pid of the child that ran it. */
    public static final class Pid implements Task<Object, Long> {
        @Override
        public Long run(Object input, TaskContext context) {
            return ProcessHandle.current().pid();
        }
    }

    /** Exits the child JVM with its input as status. */
    public static final class Exit implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer status, TaskContext context) {
            System.exit(status);
            return status;
        }
    }

    /** Exits the child JVM when its input is negative, else doubles it. */
    public static final class ExitOnNegative implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) {
            if (input < 0) {
                Runtime.getRuntime().halt(-input);
            }
            return input * 2;
        }
    }

    /** Allocates until the heap is full. */
    public static final class Hog implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer megabytes, TaskContext context) {
            List<byte[]> held = new ArrayList<>();
            while (true) {
                held.add(new byte[megabytes << 20]);
            }
        }
    }

    /** Spins for {@code input} milliseconds ignoring interrupts and the stop token. */
    public static final class Spin implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer millis, TaskContext context) {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return millis;
        }
    }

    /** Prints its input to System.out (which must not reach the protocol), then returns it. */
    public static final class Print implements Task<String, String> {
        @Override
        public String run(String line, TaskContext context) {
            System.out.println(line);
            System.out.flush();
            return line;
        }
    }

    /** Throws an IOException with its input as message. */
    public static final class ThrowIo implements Task<String, String> {
        @Override
        public String run(String message, TaskContext context) throws IOException {
            throw new IOException(message, new IllegalStateException("the cause"));
        }
    }

    /** Returns an object no codec takes. */
    public static final class ReturnsUnencodable implements Task<String, Object> {
        @Override
        public Object run(String input, TaskContext context) {
            return new Thread.State[] {Thread.State.NEW};
        }
    }

    /** Returns the system property {@code spool.test.initialized}. */
    public static final class ReadInitialized implements Task<String, String> {
        @Override
        public String run(String input, TaskContext context) {
            return System.getProperty("spool.test.initialized", "no");
        }
    }

    /** Sets {@code spool.test.initialized} in each child. */
    public static final class SetPropertyInitializer implements WorkerInitializer {
        @Override
        public void initialize() {
            System.setProperty("spool.test.initialized", "yes, pid " + ProcessHandle.current().pid());
        }
    }

    /** Fails every child's start. */
    public static final class FailingInitializer implements WorkerInitializer {
        @Override
        public void initialize() {
            throw new IllegalStateException("no database at db.invalid");
        }
    }

    /** A value type with its own codec. */
    public record Point(int x, int y) {}

    /** Encodes {@link Point} as two ints. */
    public static final class PointCodec implements Codec<Point> {
        @Override
        public Class<Point> type() {
            return Point.class;
        }

        @Override
        public byte[] encode(Point value) {
            return ByteBuffer.allocate(8).putInt(value.x()).putInt(value.y()).array();
        }

        @Override
        public Point decode(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new Point(buffer.getInt(), buffer.getInt());
        }
    }

    /** Not public: a child cannot create it. */
    static final class Hidden implements Task<String, String> {
        @Override
        public String run(String input, TaskContext context) {
            return input;
        }
    }

    /** No no-argument constructor. */
    public static final class NeedsArgument implements Task<String, String> {
        private final String prefix;

        public NeedsArgument(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String run(String input, TaskContext context) {
            return prefix + input;
        }
    }
}
