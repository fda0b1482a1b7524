/**
 * The tutorials' programs in Java, one class per program, each with its own {@code main}.
 *
 * <p>{@link dev.multitask.examples.Examples} lists them in the tutorials' order; the CLI runs one
 * with {@code ./multitask examples NAME}. Every example closes its context before {@code main}
 * returns, so it behaves the same when started on its own and when run inside another program
 * (such as the CLI) that exits right after {@code main}.
 */
package dev.multitask.examples;
