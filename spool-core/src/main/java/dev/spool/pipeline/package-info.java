/**
 * Pipelines: graphs of producer–consumer stages, each a {@link dev.spool.pool.Pool} of its own kind and
 * size behind a bounded buffer, in a line, fanning out and in, and in cycles; they end exactly when their
 * sources are exhausted and nothing is in flight. Start with {@link dev.spool.pipeline.Pipeline#builder}.
 * See {@code docs/pipelines.md}.
 */
package dev.spool.pipeline;
