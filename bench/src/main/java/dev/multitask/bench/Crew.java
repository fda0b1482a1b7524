package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.JobFailedException;
import dev.multitask.ipc.Queue;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child jobs that each run a piece of {@link Work} once per command, for measurements outside JMH
 * that need several processes ({@link SyncAcrossProcesses}); the counterpart of {@code Crew} in
 * {@code bench/python/sync_primitives.py}.
 *
 * <p>The members start once and serve every run of a case, so their JIT warms up in the first
 * (warm-up) run and process start is never timed. Commands and end times travel through two process
 * queues, which are not what is measured. A run is timed from this process's {@link
 * System#nanoTime()} just before it hands out the commands to the latest end time a member reports:
 * {@code nanoTime} is {@code CLOCK_MONOTONIC} on Linux, one clock for every process.
 */
final class Crew implements AutoCloseable {
  /** What a member does per command: {@code n} iterations of the operation measured. */
  @FunctionalInterface
  interface Work extends Serializable {
    void run(long n) throws Exception;
  }

  /** How long a member may take to start, or to finish one run, before the measurement fails. */
  private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(120);

  private static final long STOP = -1;

  private final Queue<Long> commands;
  private final Queue<Long> done;
  private final List<Job<Void>> members = new ArrayList<>();

  private Crew(Context ctx) {
    commands = ctx.queue();
    done = ctx.queue();
  }

  /**
   * Starts {@code size} members doing {@code work} and returns once all of them run.
   *
   * @throws IllegalStateException if a member fails or does not start within the patience
   */
  static Crew start(Context ctx, int size, Work work) throws InterruptedException {
    Crew crew = new Crew(ctx);
    try {
      for (int i = 0; i < size; i++) {
        crew.members.add(member(ctx, crew.commands, crew.done, work));
      }
      crew.awaitDone(); // each member reports once when it starts
    } catch (RuntimeException | InterruptedException | Error e) {
      crew.close();
      throw e;
    }
    return crew;
  }

  /** The number of members. */
  int size() {
    return members.size();
  }

  /** Hands every member a command to do {@code n} iterations; returns the clock just before. */
  long start(long n) throws InterruptedException {
    long t0 = System.nanoTime();
    for (int i = 0; i < members.size(); i++) {
      commands.put(n);
    }
    return t0;
  }

  /**
   * Waits for every member to report the end of its run.
   *
   * @return the latest end time ({@code nanoTime})
   * @throws IllegalStateException if a member died or failed, or took longer than the patience
   */
  long awaitDone() throws InterruptedException {
    long latest = Long.MIN_VALUE;
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    for (int got = 0; got < members.size(); ) {
      Long end = done.poll(1, TimeUnit.SECONDS);
      if (end != null) {
        latest = Math.max(latest, end);
        got++;
        continue;
      }
      for (Job<Void> member : members) {
        if (!member.isAlive()) {
          throw new IllegalStateException(
              "crew member " + member.name() + " ended in the middle of a run: " + outcome(member));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "crew of "
                + members.size()
                + " did not finish within "
                + TimeUnit.NANOSECONDS.toSeconds(PATIENCE_NANOS)
                + " s: got "
                + got
                + " reports");
      }
    }
    return latest;
  }

  /**
   * Runs {@code n} iterations in every member; returns the nanoseconds from the commands to the
   * last end.
   */
  long run(long n) throws InterruptedException {
    long t0 = start(n);
    return awaitDone() - t0;
  }

  /**
   * Stops the members (killing any that does not end within 30 s) and closes the queues. If
   * interrupted, kills the members still running and keeps the interrupt flag.
   */
  @Override
  public void close() {
    try {
      for (int i = 0; i < members.size(); i++) {
        commands.offer(STOP); // the queue is unbounded: offer always succeeds
      }
      for (Job<Void> member : members) {
        if (!member.join(Duration.ofSeconds(30))) {
          member.kill();
        }
      }
    } catch (InterruptedException e) {
      members.forEach(Job::kill);
      Thread.currentThread().interrupt();
    } finally {
      commands.close();
      done.close();
    }
  }

  private static String outcome(Job<Void> member) throws InterruptedException {
    try {
      member.result();
      return "it returned, exit code " + member.exitCode();
    } catch (JobFailedException e) {
      return e.getCause() != null ? e.getMessage() + ", cause: " + e.getCause() : e.getMessage();
    }
  }

  // a static method, so that the job captures the queues and the work alone
  private static Job<Void> member(Context ctx, Queue<Long> commands, Queue<Long> done, Work work) {
    return ctx.start(
        () -> {
          done.put(System.nanoTime()); // started
          for (long n = commands.take(); n != STOP; n = commands.take()) {
            work.run(n);
            done.put(System.nanoTime());
          }
        });
  }
}
