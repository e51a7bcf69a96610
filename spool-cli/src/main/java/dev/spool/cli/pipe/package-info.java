/**
 * GNU parallel's {@code --pipe} family: splitting stdin ({@link dev.spool.cli.pipe.StdinBlocks}) or a seekable
 * file ({@link dev.spool.cli.pipe.FileParts}, {@code --pipepart}) into blocks that end on record boundaries
 * ({@link dev.spool.cli.pipe.RecordCutter}), each fed to one job ({@link dev.spool.cli.pipe.PipeInput}).
 * Bytes are read once into reusable native buffers and written from them straight to the jobs' pipes; file
 * parts go from the page cache to the pipe with {@code sendfile(2)}. Nothing here starts a process.
 */
package dev.spool.cli.pipe;
