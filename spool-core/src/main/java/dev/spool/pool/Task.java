package dev.spool.pool;

/**
 * A unit of work: takes an input, returns a result or throws.
 *
 * <p>For {@link WorkerKind#PLATFORM} and {@link WorkerKind#VIRTUAL} workers any implementation will do,
 * lambdas included. {@link WorkerKind#PROCESS} workers run the task in another JVM, which creates it by
 * name: there the task must be a public class with a public no-argument constructor, and inputs and results
 * cross the process boundary through a codec. Write tasks as such classes and switching kinds is one
 * argument.
 *
 * @param <I> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Task<I, R> {

    /**
     * Runs the task once. Called on a worker; may be called again for a retry.
     *
     * @param input the task's input
     * @param context the attempt's context: its stop token, sequence number, attempt and worker
     * @return the result
     * @throws Exception any failure, which becomes the task's outcome or leads to a retry
     */
    R run(I input, TaskContext context) throws Exception;
}
