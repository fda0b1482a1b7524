package dev.multitask.process.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the process primitives do beyond Python: a holder or a party that dies does not leave the
 * others waiting, and a wait-for cycle across processes is reported.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessSyncRobustnessTest {
  private static Context ctx;

  @BeforeAll
  static void open() {
    ctx = Multitask.processes();
  }

  @AfterAll
  static void closeAndCheckLeaks() throws IOException {
    ctx.close();
    String prefix = "multitask-" + ProcessHandle.current().pid() + "-";
    String dir = System.getenv().getOrDefault("MULTITASK_SHM_DIR", "/dev/shm");
    try (Stream<Path> files = Files.list(Path.of(dir.isBlank() ? "/dev/shm" : dir))) {
      List<String> left =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(prefix) && !n.endsWith(RemoteWaits.TABLE_SUFFIX))
              .toList();
      assertEquals(List.of(), left, "segments left after the context closed");
    }
  }

  /** A child that takes {@code lock}, says so, and sleeps until it is killed. */
  private static Job<Void> holdForever(Lock lock, Event locked) {
    return ctx.start(
        () -> {
          lock.lock();
          locked.set();
          Thread.sleep(Long.MAX_VALUE);
        });
  }

  @Test
  void lock_holderProcessKilled_isTakenOverAndTells() throws Exception {
    Lock lock = ctx.lock();
    Event locked = ctx.event();
    Job<Void> holder = holdForever(lock, locked);
    assertTrue(locked.await(Duration.ofSeconds(30)), "the child took the lock");
    assertFalse(lock.tryLock(), "held by the child");
    holder.kill();
    holder.join();
    assertTrue(
        lock.tryLock(Duration.ofSeconds(10)),
        "the next locker takes the lock of a dead holder over");
    assertTrue(lock.ownerDied(), "and is told");
    lock.unlock();
    assertTrue(lock.tryLock());
    assertFalse(lock.ownerDied(), "a normal hand-over clears the flag");
    lock.unlock();
  }

  /**
   * A lock polled with the non-blocking or a short timed tryLock is taken over too, not only a
   * blocked waiter's.
   */
  @Test
  void tryLock_afterHolderProcessKilled_takesOver() throws Exception {
    List<Duration> polls = List.of(Duration.ZERO, Duration.ofMillis(5), Duration.ofMillis(10));
    for (int form = 0; form <= polls.size(); form++) {
      Lock lock = ctx.lock();
      Event locked = ctx.event();
      Job<Void> holder = holdForever(lock, locked);
      assertTrue(locked.await(Duration.ofSeconds(30)), "the child took the lock");
      holder.kill();
      holder.join();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(form == 0 ? lock.tryLock() : lock.tryLock(polls.get(form - 1)))) {
        assertTrue(
            System.nanoTime() < deadline,
            "form " + form + " never took the dead holder's lock over");
      }
      assertTrue(lock.ownerDied(), "and is told");
      lock.unlock();
    }
  }

  @Test
  void rLock_holderProcessKilled_isTakenOverWithOneHold() throws Exception {
    RLock lock = ctx.rlock();
    Event locked = ctx.event();
    Job<Void> holder =
        ctx.start(
            () -> {
              lock.lock();
              lock.lock();
              locked.set();
              Thread.sleep(Long.MAX_VALUE);
            });
    assertTrue(locked.await(Duration.ofSeconds(30)));
    holder.kill();
    assertTrue(lock.tryLock(Duration.ofSeconds(10)));
    assertTrue(lock.ownerDied());
    assertEquals(1, lock.holdCount(), "the dead owner's holds are not inherited");
    lock.unlock();
    assertFalse(lock.isLocked());
  }

  @Test
  void barrier_waitingPartyKilled_breaks() throws Exception {
    Barrier barrier = ctx.barrier(3);
    Job<Integer> party = ctx.start(() -> barrier.await());
    while (barrier.numberWaiting() < 1) {
      Thread.sleep(10);
    }
    party.kill();
    long start = System.nanoTime();
    assertThrows(
        BrokenBarrierException.class,
        () -> barrier.await(Duration.ofSeconds(30)),
        "a party that died breaks the barrier instead of leaving the others to time out");
    assertTrue(
        System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "broken long before the timeout");
    assertTrue(barrier.isBroken());
    barrier.reset();
    assertFalse(barrier.isBroken());
  }

  @Test
  void condition_waiterProcessKilled_losesNoSignal() throws Exception {
    Lock lock = ctx.lock();
    Condition condition = ctx.condition(lock);
    Event waiting = ctx.event();
    Job<Void> doomed =
        ctx.start(
            () -> {
              lock.lock();
              waiting.set();
              condition.await(); // releases the lock while it waits
            });
    assertTrue(waiting.await(Duration.ofSeconds(30)));
    try (var _ = lock.hold()) {
      doomed.kill(); // it is inside await: the lock is free for us
    }
    doomed.join();
    CompletableFuture<Boolean> live =
        CompletableFuture.supplyAsync(
            () -> {
              try (var _ = lock.hold()) {
                return condition.await(Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    while (true) { // signal until the live waiter is in: a signal with nobody waiting is lost, as
      // in Python
      try (var _ = lock.hold()) {
        condition.signal();
      }
      if (live.isDone()) {
        break;
      }
      Thread.sleep(20);
    }
    assertTrue(live.get(), "the live waiter got the signal, not the dead one");
  }

  /**
   * Waiters on a held lock and on an unset event sleep in the kernel: no CPU. A first round warms
   * the paths up (class loading, JIT, the process's wait table), so the measured round sees only
   * the waiting.
   */
  @Test
  void blockedWaiter_usesNoCpu() throws Exception {
    Lock warmLock = ctx.lock();
    Lock lock = ctx.lock();
    Event warmEvent = ctx.event();
    Event event = ctx.event();
    Event waiting = ctx.event();
    Event measuring = ctx.event();
    warmLock.lock();
    lock.lock();
    Job<Long> waiter =
        ctx.start(
            () -> {
              waiting.set();
              warmLock.lock(); // the warm-up round, not measured
              warmLock.unlock();
              warmEvent.await();
              measuring.set();
              long before = threadCpuTicks();
              lock.lock(); // blocked until the parent unlocks
              lock.unlock();
              event.await(); // then blocked until the parent sets
              return (threadCpuTicks() - before) * 10; // ticks of 10 ms
            });
    assertTrue(waiting.await(Duration.ofSeconds(30)));
    Thread.sleep(200);
    warmLock.unlock();
    warmEvent.set();
    assertTrue(measuring.await(Duration.ofSeconds(30)));
    Thread.sleep(1500);
    lock.unlock();
    Thread.sleep(1500);
    event.set();
    long cpuMillis = waiter.result();
    // a waiter that spun or polled would use ~3000 ms; the margin covers 10 ms clock ticks and the
    // lock waiter's checks that the holder still lives (a few /proc reads, backing off to 1 s)
    assertTrue(cpuMillis <= 60, "a waiter blocked 3 s used " + cpuMillis + " ms of CPU");
  }

  /** The calling thread's user + system CPU time in clock ticks, from /proc/thread-self/stat. */
  private static long threadCpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11])
        + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
  }

  @Test
  void lock_twoProcessesInOppositeOrder_reportsTheCycle() throws Exception {
    Lock a = ctx.lock();
    Lock b = ctx.lock();
    Event childHoldsA = ctx.event();
    Event parentHoldsB = ctx.event();
    Job<Boolean> child =
        ctx.start(
            () -> {
              a.lock();
              childHoldsA.set();
              parentHoldsB.await();
              boolean gotB = b.tryLock(Duration.ofSeconds(30)); // waits until the parent backs off
              b.unlock();
              a.unlock();
              return gotB;
            });
    b.lock();
    parentHoldsB.set();
    assertTrue(childHoldsA.await(Duration.ofSeconds(30)));
    Thread.sleep(200); // the child is now waiting for b
    DeadlockException e =
        assertThrows(DeadlockException.class, () -> a.tryLock(Duration.ofSeconds(2)));
    String message = e.getMessage();
    assertTrue(
        message.contains(a.toString().split(" ")[1])
            && message.contains(b.toString().split(" ")[1]),
        "names both locks: " + message);
    assertTrue(
        message.contains("pid " + child.pid()), "names the other holder's process: " + message);
    assertEquals(2, e.cycle().size(), e.cycle().toString());
    b.unlock();
    assertTrue(child.result(), "the child goes on once the parent backed off");
  }
}
