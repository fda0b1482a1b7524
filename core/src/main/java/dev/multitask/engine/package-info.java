/**
 * Internal: what every backend's jobs share. {@code BaseJob} holds the single end transition
 * (exit code, then result, then the join latch); {@code AbstractContext} the builders, the live
 * jobs and the closing rule; {@code NonDaemonKeeper} keeps the JVM alive for non-daemon jobs
 * that have no non-daemon thread of their own; {@code TimedBarrier} and {@code RawShared} wrap any
 * backend's barrier and shared values (a default timeout, no lock).
 */
package dev.multitask.engine;
