/**
 * The tutorials' programs in Java, one class per program, each with its own {@code main}.
 *
 * <p>{@link dev.multitask.examples.Examples} lists them in the tutorials' order; the CLI runs one
 * with {@code ./multitask examples NAME}. Every example closes its context before {@code main}
 * returns, so it behaves the same when started on its own and when run inside another program (such
 * as the CLI) that exits right after {@code main}.
 *
 * <p>Code that runs in a child prints each line with one {@code println} of a finished string:
 * every child writes to the same standard output, and a line written in pieces (as {@code printf}
 * writes it) can be cut by another child's line.
 */
package dev.multitask.examples;
