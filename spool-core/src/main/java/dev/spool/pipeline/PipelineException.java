package dev.spool.pipeline;

/**
 * Thrown by the end of a pipeline's outcome stream when a source could not be read to its end: the stream
 * has handed back every outcome of the items read before; the cause is the source's error.
 */
public final class PipelineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the pipeline, the source and how far it was read */
    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
