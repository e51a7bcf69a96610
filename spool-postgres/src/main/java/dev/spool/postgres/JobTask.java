package dev.spool.postgres;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.process.Codec;
import java.util.Map;
import java.util.Objects;

/**
 * One registered task of a {@link PgWorker}: its name in the table, the code, and the codecs of its input
 * and (optionally) its result.
 *
 * @param <I> the input type
 * @param <R> the result type
 */
record JobTask<I, R>(String name, Task<I, R> task, Codec<I> input, Codec<? super R> result) {

    JobTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(input, "input codec");
    }

    /** A payload that the task's codec cannot decode: retrying cannot help, so the job is discarded. */
    static final class UndecodablePayloadException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodablePayloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The task the pool runs for every claimed job: decodes the payload, runs the registered task with the
     * job's own context (seq = the job's id, attempt = the table's attempt, the job's stop token), and
     * encodes the result.
     */
    record Runner(Map<String, JobTask<?, ?>> tasks, Map<ClaimedJob, PgWorker.Running> running)
            implements Task<ClaimedJob, byte[]> {

        @Override
        public byte[] run(ClaimedJob job, TaskContext context) throws Exception {
            JobTask<?, ?> task = tasks.get(job.task());
            if (task == null) { // the claim asks only for registered tasks: a bug if it happens
                throw new IllegalStateException("no task '" + job.task() + "' registered on this worker");
            }
            PgWorker.Running entry = running.get(job);
            var jobContext = new TaskContext(job.id(), job.attempt(), context.worker(),
                    entry == null ? context.stopToken() : entry.token());
            return task.runOn(job, jobContext);
        }
    }

    byte[] runOn(ClaimedJob job, TaskContext context) throws Exception {
        I value;
        try {
            value = job.payload() == null ? null : input.decode(job.payload());
        } catch (Exception e) {
            throw new UndecodablePayloadException("the payload of job " + job.id() + " (task '" + name
                    + "') cannot be decoded by " + input.getClass().getName() + ": " + e, e);
        }
        R value2 = task.run(value, context);
        if (result == null || value2 == null) {
            return null;
        }
        try {
            return result.encode(value2);
        } catch (Exception e) {
            throw new IllegalStateException("the result of job " + job.id() + " (task '" + name
                    + "') cannot be encoded by " + result.getClass().getName() + ": " + e, e);
        }
    }
}
