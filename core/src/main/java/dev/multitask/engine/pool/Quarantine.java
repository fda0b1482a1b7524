package dev.multitask.engine.pool;

import dev.multitask.pool.TaskQuarantinedException;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.spi.PoolWorker;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a worker killed by the task it ran from one killed from outside, and keeps what keeps
 * killing workers by itself from running again.
 *
 * <p><b>Who killed the worker.</b> A worker process that dies while it runs an item it had begun
 * died <em>by the task</em> when
 *
 * <ul>
 *   <li>it exited with a status: the task called {@code System.exit} or {@code Runtime.halt}, or an
 *       error ended the JVM;
 *   <li>it said it ran out of memory, or sent a frame over the limit (and the pool killed it); or
 *   <li>a signal that a process raises against itself on a fault ended it: SIGSEGV, SIGBUS, SIGILL,
 *       SIGFPE, SIGTRAP, SIGSYS, or SIGABRT (how a JVM ends after a crash of its own or of native
 *       code).
 * </ul>
 *
 * Any other signal (SIGKILL, SIGTERM, SIGINT, SIGHUP, ...) came <em>from outside</em>: a user, a
 * supervisor, the kernel's out-of-memory killer. Such a death is charged to the task all the same
 * when the same map item died from outside before, on another worker, and no other worker of the
 * pool died from outside in between: a task that gets whatever worker runs it killed while the
 * others live (the kernel's out-of-memory killer does that to a task that takes too much memory).
 *
 * <p><b>What becomes of the item.</b>
 *
 * <ul>
 *   <li>A submitted task fails with {@link WorkerDiedException} either way: it may have done part
 *       of its work, so running it again is its caller's call.
 *   <li>A map item ({@code map}, {@code mapAsync}, {@code imap}) runs again on another worker. Its
 *       chunk is cut so that only the item that was running is judged: the items before it, whose
 *       results died with the worker, and those after it run again as chunks of their own ({@link
 *       ChunkSplit}). Once {@value TaskQuarantinedException#KILLS} deaths were charged to the item,
 *       it is quarantined: it fails with {@link TaskQuarantinedException}, and the map with a
 *       {@code MapFailedException} naming its index. Once {@value #MAX_DEATHS} workers died while
 *       it ran, whoever killed them, it fails with {@link WorkerDiedException}.
 * </ul>
 *
 * <p><b>The code's quarantine.</b> Per task code (the task's or map function's class), the pool
 * counts the tasks and map items charged with a death, {@value TaskQuarantinedException#KILLS} in a
 * row at most: a map item counts once however often it is run again, and a run of that code that
 * leaves its worker alive clears the count. At {@value TaskQuarantinedException#KILLS} the code is
 * quarantined: its items fail at once with {@link TaskQuarantinedException}, without a worker,
 * until {@code releaseQuarantine()}. Deaths from outside never count, so killing workers from
 * outside quarantines nothing.
 *
 * <p>Called by the slot threads; the counts per code are thread-safe, an {@link ItemDeaths} is used
 * by one slot at a time (the one running its item).
 */
final class Quarantine {
  /** The most deaths a map item sees before the pool gives up on it, whoever killed the workers. */
  static final int MAX_DEATHS = 8;

  private record Kills(int count, WorkerDiedException last) {}

  private final ConcurrentHashMap<String, Kills> kills = new ConcurrentHashMap<>();

  /** The pool's deaths from outside so far. */
  private final AtomicLong outsideDeaths = new AtomicLong();

  /** The deaths one map item has seen, carried from run to run. */
  static final class ItemDeaths {
    int deaths;
    int charged;

    /** The pool's count of deaths from outside after this item's last one; -1 before any. */
    long outsideMark = -1;

    WorkerDiedException last;
  }

  /** What becomes of a map item whose worker died while it ran. */
  enum Verdict {
    /** It runs again on another worker. */
    RUN_AGAIN,
    /** It has killed too many workers by itself: it fails with a TaskQuarantinedException. */
    QUARANTINED,
    /** Too many workers died while it ran: it fails with a WorkerDiedException. */
    GIVE_UP
  }

  /** Whether how the worker ended alone says that its task killed it (see the class comment). */
  static boolean byTheTask(PoolWorker.Death death) {
    int code = death.failure().exitCode();
    return death.saidByWorker()
        || code >= 0
        || switch (-code) {
          case 4, 5, 6, 7, 8, 11, 31 ->
              true; // SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGSYS
          default -> false;
        };
  }

  /** The exception to fail an item of {@code key} with, or null if it may run. */
  TaskQuarantinedException check(String key) {
    Kills k = kills.get(key);
    if (k == null || k.count < TaskQuarantinedException.KILLS) {
      return null;
    }
    return new TaskQuarantinedException(
        "quarantined: tasks of "
            + key
            + " killed "
            + k.count
            + " workers in a row, so the pool no longer runs them (the last death: "
            + k.last.getMessage()
            + "); fix the task, or call releaseQuarantine() to try again",
        k.last);
  }

  /** A submitted task's worker died while it ran: counts toward its code if by the task. */
  void taskDied(String key, PoolWorker.Death death) {
    if (byTheTask(death)) {
      died(key, death.failure());
    }
  }

  /**
   * The worker running map item {@code item} (of code {@code key}) died: charges the item and its
   * code as the class comment says, and says what becomes of the item.
   */
  Verdict mapItemDied(String key, ItemDeaths item, PoolWorker.Death death) {
    boolean charged = byTheTask(death);
    if (!charged) {
      long outside = outsideDeaths.incrementAndGet();
      charged = item.outsideMark >= 0 && outside == item.outsideMark + 1; // it alone, again
      item.outsideMark = outside;
    }
    item.deaths++;
    item.last = death.failure();
    if (charged && ++item.charged == 1) {
      died(key, death.failure()); // the code counts the item once, not each run of it
    }
    if (item.charged >= TaskQuarantinedException.KILLS) {
      return Verdict.QUARANTINED;
    }
    return item.deaths >= MAX_DEATHS ? Verdict.GIVE_UP : Verdict.RUN_AGAIN;
  }

  private void died(String key, WorkerDiedException death) {
    kills.merge(key, new Kills(1, death), (old, one) -> new Kills(old.count + 1, death));
  }

  void survived(String key) {
    kills.remove(key);
  }

  void release() {
    kills.clear();
  }
}
