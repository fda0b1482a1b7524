package dev.multitask.cli;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Event;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * Chapter 3: synchronization between processes. Four processes count on a shared value with and
 * without a lock; then what Python leaves hanging and multitask does not: a lock whose holder is
 * killed is taken over, a barrier one of whose parties is killed breaks, and two processes taking
 * two locks in opposite orders are told of the deadlock.
 */
final class SyncChapter implements Chapter {
  private static final int COUNTERS = 4;
  private static final int TIMES = 20_000;
  private static final Duration FIRST_PATIENCE = Duration.ofSeconds(1);
  private static final Duration SECOND_PATIENCE = Duration.ofSeconds(5);

  /**
   * How a child's wait at a barrier ended.
   *
   * @param epochMillis when it ended, on the wall clock all processes share
   * @param outcome what {@code await} returned or threw
   */
  record Awaited(long epochMillis, String outcome) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  @Override
  public String name() {
    return "sync";
  }

  @Override
  public String title() {
    return "locks, barriers and shared values between processes";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    out.println(
        "A Lock, Semaphore, Event, Condition, Barrier or SharedLong made by a process context is");
    out.println(
        "a few words of shared memory that every child maps; a waiter sleeps in the kernel (futex)");
    out.println(
        "and uses no CPU. A child that captures one uses the same memory as this JVM (pid "
            + Multitask.currentProcess().pid()
            + ").");
    out.println();
    out.flush();
    try (Context processes = Multitask.processes(ProcessOptions.defaults().standby(2))) {
      counting(out, processes);
      deadHolder(out, processes);
      deadParty(out, processes);
      deadlock(out, processes);
    }
  }

  private static void counting(PrintWriter out, Context processes) throws Exception {
    out.println(
        "Counting: "
            + COUNTERS
            + " processes add 1 to a shared value "
            + TIMES
            + " times each, three ways");
    out.flush();
    SharedLong plain = processes.sharedLong(0);
    SharedLong locked = processes.sharedLong(0);
    SharedLong atomic = processes.sharedLong(0);
    // this JVM is a party too: it releases each way at once for all, and times it
    Barrier gate = processes.barrier(COUNTERS + 1);
    List<Job<Void>> counters = new ArrayList<>();
    for (int i = 0; i < COUNTERS; i++) {
      counters.add(processes.start(() -> count(gate, plain, locked, atomic)));
    }
    double[] seconds = new double[3];
    for (int way = 0; way < seconds.length; way++) {
      gate.await(ChildJobs.LIMIT);
      long start = System.nanoTime();
      gate.await(ChildJobs.LIMIT);
      seconds[way] = (System.nanoTime() - start) / 1e9;
    }
    for (Job<Void> c : counters) {
      ChildJobs.resultOf(c);
    }
    long expected = (long) COUNTERS * TIMES;
    Table table = new Table("way", "as Python's", "total", "lost", "time").alignRight(2, 3, 4);
    table.row(
        "set(get() + 1)",
        "v.value += 1",
        Long.toString(plain.get()),
        Long.toString(expected - plain.get()),
        seconds(seconds[0]));
    table.row(
        "the same under lock()",
        "with v.get_lock(): ...",
        Long.toString(locked.get()),
        Long.toString(expected - locked.get()),
        seconds(seconds[1]));
    table.row(
        "addAndGet(1)",
        "(none: needs the lock)",
        Long.toString(atomic.get()),
        Long.toString(expected - atomic.get()),
        seconds(seconds[2]));
    table.print(out);
    long lost = expected - plain.get();
    out.println(
        lost > 0
            ? "Without the lock "
                + lost
                + " of "
                + expected
                + " updates were lost: two processes read the same value"
            : "No update was lost without the lock this time; nothing prevents it: two processes may read the same value");
    out.println(
        "and both write it plus one. The lock makes read-and-write one step; addAndGet is one atomic");
    out.println("instruction on the shared memory, exact without any lock.");
    out.println();
  }

  private static void count(Barrier gate, SharedLong plain, SharedLong locked, SharedLong atomic)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    gate.await(ChildJobs.LIMIT);
    for (int i = 0; i < TIMES; i++) {
      plain.set(plain.get() + 1);
    }
    gate.await(ChildJobs.LIMIT);
    gate.await(ChildJobs.LIMIT);
    Lock lock = locked.lock();
    for (int i = 0; i < TIMES; i++) {
      try (Hold _ = lock.hold()) {
        locked.set(locked.get() + 1);
      }
    }
    gate.await(ChildJobs.LIMIT);
    gate.await(ChildJobs.LIMIT);
    for (int i = 0; i < TIMES; i++) {
      atomic.addAndGet(1);
    }
    gate.await(ChildJobs.LIMIT);
  }

  private static void deadHolder(PrintWriter out, Context processes) throws Exception {
    out.println(
        "A holder that dies: a child locks a lock and is killed (SIGKILL) while it holds it");
    out.flush();
    Lock lock = processes.lock();
    Event locked = processes.event();
    Job<Void> child = processes.start(() -> holdForever(lock, locked));
    if (!locked.await(ChildJobs.LIMIT)) {
      child.kill();
      throw new IllegalStateException(
          "child " + child.pid() + " did not lock within " + ChildJobs.LIMIT);
    }
    out.println("  child " + child.pid() + " holds the lock: isLocked=" + lock.isLocked());
    child.kill();
    child.join();
    out.println("  child " + child.pid() + " killed, exit code " + child.exitCode().orElseThrow());
    long start = System.nanoTime();
    lock.lock();
    String took = seconds((System.nanoTime() - start) / 1e9);
    out.println("  this JVM: lock() returned after " + took + ", ownerDied()=" + lock.ownerDied());
    lock.unlock();
    lock.lock();
    out.println("  this JVM: unlock(), lock() again: ownerDied()=" + lock.ownerDied());
    lock.unlock();
    out.println(
        "The dead holder's lock was taken over instead of blocking this JVM forever, and ownerDied()");
    out.println(
        "said so: whatever it protected may be half-updated. A Python lock stays locked for good.");
    out.println();
  }

  private static void holdForever(Lock lock, Event locked) throws InterruptedException {
    lock.lock();
    locked.set();
    Thread.sleep(Long.MAX_VALUE); // holds the lock until killed
  }

  private static void deadParty(PrintWriter out, Context processes) throws Exception {
    out.println("A party that dies: Barrier(3), two children wait at it, one of them is killed");
    out.flush();
    Barrier barrier = processes.barrier(3);
    Job<Awaited> survivor = processes.start(() -> awaitAt(barrier));
    Job<Awaited> victim = processes.start(() -> awaitAt(barrier));
    long deadline = System.nanoTime() + ChildJobs.LIMIT.toNanos();
    while (barrier.numberWaiting() < 2) {
      if (System.nanoTime() > deadline) {
        survivor.kill();
        victim.kill();
        throw new IllegalStateException(
            "the two children did not reach the barrier within " + ChildJobs.LIMIT);
      }
      Thread.sleep(10);
    }
    out.println(
        "  waiting at the barrier: " + barrier.numberWaiting() + " of " + barrier.parties());
    victim.kill();
    long killed = System.currentTimeMillis();
    out.println("  child " + victim.pid() + " killed while waiting");
    Awaited got = ChildJobs.resultOf(survivor);
    out.println(
        "  child "
            + survivor.pid()
            + ": "
            + got.outcome()
            + ", "
            + seconds((got.epochMillis() - killed) / 1e3)
            + " after the kill");
    out.println("  isBroken()=" + barrier.isBroken());
    out.println(
        "The round can never fill, so the barrier breaks and the survivor is told; in Python it waits on.");
    out.println();
  }

  private static Awaited awaitAt(Barrier barrier) throws InterruptedException {
    String outcome;
    try {
      barrier.await();
      outcome = "await() returned";
    } catch (BrokenBarrierException e) {
      outcome = "await() threw BrokenBarrierException";
    }
    return new Awaited(System.currentTimeMillis(), outcome);
  }

  private static void deadlock(PrintWriter out, Context processes) throws Exception {
    out.println(
        "Deadlock: child 1 takes lock A and wants B, child 2 takes B and wants A (timed tryLock)");
    out.flush();
    Lock a = processes.lock();
    Lock b = processes.lock();
    Barrier bothHoldOne = processes.barrier(2);
    out.println("  lock A is " + a);
    out.println("  lock B is " + b);
    Job<String> first = processes.start(() -> takeBoth(a, b, bothHoldOne, FIRST_PATIENCE));
    Job<String> second = processes.start(() -> takeBoth(b, a, bothHoldOne, SECOND_PATIENCE));
    out.println(
        "  child 1 ("
            + first.pid()
            + ", waits at most "
            + FIRST_PATIENCE.toSeconds()
            + " s): "
            + ChildJobs.resultOf(first));
    out.println(
        "  child 2 ("
            + second.pid()
            + ", waits at most "
            + SECOND_PATIENCE.toSeconds()
            + " s): "
            + ChildJobs.resultOf(second));
    out.println(
        "When child 1's wait ran out inside the cycle it got a DeadlockException naming both locks and");
    out.println(
        "both processes instead of a plain 'false'; it let go of A and child 2 went on. Python would hang.");
    out.println(
        "With -Dmultitask.detectDeadlocks=true an untimed lock() closing a cycle throws at once.");
  }

  private static String takeBoth(Lock mine, Lock theirs, Barrier bothHoldOne, Duration patience)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    try (Hold _ = mine.hold()) {
      bothHoldOne.await(ChildJobs.LIMIT);
      try {
        if (!theirs.tryLock(patience)) {
          return "tryLock gave up";
        }
        theirs.unlock();
        return "got both locks";
      } catch (DeadlockException e) {
        return e.getMessage();
      }
    }
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }
}
