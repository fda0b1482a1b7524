/**
 * The reliability soak ({@link dev.multitask.bench.soak.Soak}): every process-backend capability
 * under load at once, with child processes SIGKILLed and SIGSTOPped at random, checking that
 * nothing is lost, duplicated or hung and that the parent's resources stay flat. A program, not a
 * benchmark: it measures no speed. Uses the library's public API only, and libc's {@code kill(2)}
 * through the FFM API ({@code Signals}) to signal its own children.
 */
package dev.multitask.bench.soak;
