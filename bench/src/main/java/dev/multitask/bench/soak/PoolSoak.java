package dev.multitask.bench.soak;

import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.pool.Pool;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.shared.SharedLongArray;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

/**
 * A process pool that maps (chunked) and takes submitted tasks while its workers are SIGKILLed from
 * outside and SIGSTOPped at random. Checks: the map returns every item's result, in order, with no
 * item quarantined; each submitted task's callback runs exactly once, with the right value or with
 * {@link WorkerDiedException}, at most once per kill; the pool closes in time.
 */
final class PoolSoak extends Scenario {
  private static final int WORKERS = 3;
  private static final int MAX_KILLS = 4;
  private static final int PID_SLOTS = 8;

  PoolSoak(Signals signals, Tally tally) {
    super("pool", signals, tally);
  }

  @Override
  void round() throws Exception {
    Pool pool = ctx.pool(WORKERS);
    SharedLongArray pids = ctx.sharedLongArray(PID_SLOTS, false);
    int items = between(300, 3000);
    int chunk = between(1, 100);
    int tasks = between(10, 60);
    CompletableFuture<List<Long>> map =
        pool.mapAsync(mapped(pids), IntStream.range(0, items).boxed().toList(), chunk);
    AtomicIntegerArray calls = new AtomicIntegerArray(tasks);
    for (int i = 0; i < tasks; i++) {
      int id = i;
      pool.applyAsync(
          task(pids, id),
          v -> {
            calls.incrementAndGet(id);
            if (v != id * 7L) {
              violation("task " + id + " returned " + v);
            }
          },
          e -> {
            calls.incrementAndGet(id);
            if (e instanceof WorkerDiedException) {
              tally.inc("pool.tasksKilled");
            } else {
              violation("task " + id + " failed: " + e);
            }
          });
    }
    int kills = 0;
    long until = System.nanoTime() + JOIN.toNanos();
    phase("striking");
    while (!(map.isDone() && arrived(calls) == tasks) && System.nanoTime() < until) {
      sleep(between(100, 700));
      int slot = random().nextInt(PID_SLOTS);
      long pid = pids.get(slot);
      if (pid == 0) {
        continue;
      }
      if (kills < MAX_KILLS && random().nextInt(100) < 40) {
        if (kill(pid)) {
          kills++;
        }
        pids.compareAndSet(slot, pid, 0);
      } else {
        stop(pid, between(20, 800));
      }
    }
    phase("checking");
    check(map, items, calls, tasks, kills);
    long t0 = System.nanoTime();
    pool.close();
    Thread joiner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    pool.join();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the soak is ending
                  }
                });
    if (!joiner.join(JOIN)) {
      violation("pool.close() + join() did not end within " + JOIN.toSeconds() + " s");
      pool.terminate();
    }
    timed("pool close and join", t0, 0);
    progressed();
  }

  private void check(
      CompletableFuture<List<Long>> map, int items, AtomicIntegerArray calls, int tasks, int kills)
      throws InterruptedException {
    try {
      List<Long> results = map.get(10, TimeUnit.SECONDS);
      if (results.size() != items) {
        violation("map returned " + results.size() + " results for " + items + " items");
      }
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) != i * 3L + 1) {
          violation("map item " + i + " returned " + results.get(i));
          break;
        }
      }
      tally.add("pool.ops", items);
    } catch (ExecutionException e) {
      violation(
          "map of " + items + " items failed after " + kills + " external kills: " + e.getCause());
    } catch (TimeoutException e) {
      violation("map of " + items + " items did not end within " + JOIN.toSeconds() + " s");
    }
    int done = arrived(calls);
    if (done != tasks) {
      violation((tasks - done) + " of " + tasks + " submitted tasks never called back");
    }
    for (int i = 0; i < tasks; i++) {
      if (calls.get(i) > 1) {
        violation("task " + i + " called back " + calls.get(i) + " times");
      }
    }
    tally.add("pool.ops", done);
    tally.add("pool.tasksKilledAllowance", kills);
  }

  private static int arrived(AtomicIntegerArray calls) {
    int n = 0;
    for (int i = 0; i < calls.length(); i++) {
      n += calls.get(i) > 0 ? 1 : 0;
    }
    return n;
  }

  /** Writes the worker's pid where the parent picks its victims. */
  static void here(SharedLongArray pids) {
    long pid = ProcessHandle.current().pid();
    int slot = (int) (pid % pids.length());
    if (pids.get(slot) != pid) {
      pids.set(slot, pid);
    }
  }

  static Fn<Integer, Long> mapped(SharedLongArray pids) {
    return x -> {
      here(pids);
      long until =
          System.nanoTime() + java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return x * 3L + 1;
    };
  }

  static Task<Long> task(SharedLongArray pids, int id) {
    return () -> {
      here(pids);
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(50));
      return id * 7L;
    };
  }
}
