package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One kind of load of the soak: a round starts child jobs, strikes them at random (SIGKILL, or
 * SIGSTOP and a later SIGCONT), waits for them with timeouts and checks what the documented rules
 * promise. {@link Soak} runs each scenario's rounds in a thread of its own until the deadline.
 *
 * <p>Every blocking call of a round, in the parent and in the children, has a timeout; a timed call
 * that returns more than {@link #HANG} after its timeout, or a job that does not end within {@link
 * #JOIN}, is a violation (a hang), and such a job is killed so that the soak goes on.
 */
abstract class Scenario {
  /** How far past its timeout a timed call may return before it counts as hung. */
  static final Duration HANG = Duration.ofSeconds(10);

  /** How long a round waits for one of its jobs to end once it should. */
  static final Duration JOIN = Duration.ofSeconds(120);

  /** The longest a process stays stopped. */
  static final int MAX_STOP_MILLIS = 1500;

  /** The context of the current rounds; {@link Soak} renews it now and then. */
  volatile Context ctx;

  final Signals signals;
  final Tally tally;
  private final String name;
  private volatile long lastProgress = System.nanoTime();
  private volatile String phase = "idle";

  Scenario(String name, Signals signals, Tally tally) {
    this.name = name;
    this.signals = signals;
    this.tally = tally;
  }

  String name() {
    return name;
  }

  /** Runs one round: starts, strikes, waits and checks; bounded in time by its own timeouts. */
  abstract void round() throws Exception;

  /** When the last round ended (or the first began), by {@link System#nanoTime()}. */
  long lastProgress() {
    return lastProgress;
  }

  String phase() {
    return phase;
  }

  void phase(String now) {
    phase = now;
  }

  void progressed() {
    lastProgress = System.nanoTime();
    tally.inc(name + ".rounds");
  }

  static ThreadLocalRandom random() {
    return ThreadLocalRandom.current();
  }

  static int between(int min, int max) {
    return random().nextInt(min, max + 1);
  }

  /** Starts a job named after this scenario and {@code role}. */
  Job<Void> start(String role, Action body) {
    return ctx.job(body).name(name + "-" + role).start();
  }

  /**
   * SIGSTOPs {@code job}'s process for a random time up to {@link #MAX_STOP_MILLIS}; returns
   * whether it was stopped.
   */
  boolean stop(Job<?> job) {
    return stop(job.pid(), between(20, MAX_STOP_MILLIS));
  }

  boolean stop(long pid, long millis) {
    if (signals.stopFor(pid, millis)) {
      tally.inc(name + ".stops");
      return true;
    }
    return false;
  }

  /** SIGKILLs {@code job}'s process; returns whether the signal was sent (the job still ran). */
  boolean kill(Job<?> job) {
    return kill(job.pid());
  }

  boolean kill(long pid) {
    if (signals.kill(pid, name)) {
      tally.inc(name + ".kills");
      return true;
    }
    return false;
  }

  /** A random job of {@code jobs} that is still alive, or null. */
  static <J extends Job<?>> J pickAlive(List<J> jobs) {
    List<J> alive = new ArrayList<>();
    for (J j : jobs) {
      if (j.isAlive()) {
        alive.add(j);
      }
    }
    return alive.isEmpty() ? null : alive.get(random().nextInt(alive.size()));
  }

  /**
   * Waits for each job to end, at most {@link #JOIN} in all; a job still running then is a hang:
   * reported, and killed.
   *
   * @return whether every job ended in time
   */
  boolean joinAll(List<? extends Job<?>> jobs, String what) throws InterruptedException {
    long deadline = System.nanoTime() + JOIN.toNanos();
    boolean all = true;
    for (Job<?> job : jobs) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!job.join(Duration.ofNanos(left))) {
        all = false;
        violation(
            what
                + ": job "
                + job.name()
                + " (pid "
                + job.pid()
                + ") did not end within "
                + JOIN.toSeconds()
                + " s of when it should; killed");
        signals.resume(job.pid());
        job.kill();
        job.join(Duration.ofSeconds(30));
      } else if (job.exitCode().orElse(0) != 0
          && !(job.exitCode().getAsInt() == -Signals.SIGKILL
              && !signals.killedBy(job.pid()).startsWith("nobody"))) {
        violation(
            what
                + ": job "
                + job.name()
                + " (pid "
                + job.pid()
                + ") ended with exit code "
                + job.exitCode().getAsInt()
                + " (last SIGKILL of the pid by the soak: "
                + signals.killedBy(job.pid())
                + "): "
                + failure(job));
      }
    }
    return all;
  }

  private static String failure(Job<?> job) {
    return job.future()
        .handle((v, e) -> e == null ? "no failure" : String.valueOf(e.getMessage()))
        .getNow("not ended");
  }

  /**
   * Records how far past its timeout a timed call in the parent returned; past {@link #HANG} it is
   * a violation.
   */
  void timed(String call, long startNanos, long timeoutNanos) {
    long over = System.nanoTime() - startNanos - timeoutNanos;
    tally.max(name + ".overrunMillis", TimeUnit.NANOSECONDS.toMillis(over));
    if (over > HANG.toNanos()) {
      violation(
          call + " returned " + TimeUnit.NANOSECONDS.toMillis(over) + " ms after its timeout");
    }
  }

  /** Reports the overrun a child recorded with {@link ChildStats#timed}. */
  void childOverrun(long overMicros, String what) {
    tally.max(name + ".childOverrunMillis", overMicros / 1000);
    if (overMicros > HANG.toNanos() / 1000) {
      violation(
          what
              + ": a timed call in a child returned "
              + overMicros / 1000
              + " ms after its timeout");
    }
  }

  void violation(String what) {
    tally.violation(name, what);
  }

  static void sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
