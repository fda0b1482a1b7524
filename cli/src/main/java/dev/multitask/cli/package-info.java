/**
 * The {@code multitask} command: one picocli class per subcommand, run through {@link
 * dev.multitask.cli.Main#run(java.io.PrintStream, java.io.PrintStream, String...)} so that tests
 * see the exit code and the output. Exit codes are 0 (ok), 1 (failure) and 2 (bad usage), chosen in
 * {@code Main} only.
 */
package dev.multitask.cli;
