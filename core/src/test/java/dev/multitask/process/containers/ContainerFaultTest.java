package dev.multitask.process.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.ipc.Queue;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.sync.RemoteWaits;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;
import dev.multitask.sync.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the process containers do when a process dies: a writer SIGKILLed in the middle of its
 * operations leaves no half-written entry and no held lock (looped, so that kills land inside the
 * mutex, inside a growth and between them), and the death of the manager's own process makes the
 * next call fail with a clear error instead of working on a map nobody owns.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ContainerFaultTest {
  private static final int KILLS = 16;
  private static final Duration LONG_WAIT = Duration.ofSeconds(60);

  private static Context ctx;
  private static Manager manager;

  @BeforeAll
  static void open() {
    ctx = Multitask.processes(ProcessOptions.defaults().standby(1));
    manager = ctx.manager();
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

  /** The value a writer stores for {@code key}: the key, a counter, and a length that varies. */
  private static String valueFor(int key, long counter, SplittableRandom random) {
    return "v"
        + key
        + ":"
        + counter
        + ":"
        + "x".repeat(random.nextInt(4) == 0 ? 300 : random.nextInt(40));
  }

  private static void assertConsistent(SharedMap<Integer, String> d) {
    int iterated = 0;
    for (Map.Entry<Integer, String> e : d.entrySet()) {
      assertTrue(
          e.getValue().startsWith("v" + e.getKey() + ":"), "a whole value for its key: " + e);
      assertEquals(e.getValue(), d.get(e.getKey()), "the index finds what the arena holds");
      iterated++;
    }
    assertEquals(iterated, d.size(), "the count matches the entries");
  }

  /** A writer that puts, updates, merges and removes as fast as it can, until it is killed. */
  private static Job<Void> writer(SharedMap<Integer, String> d, Event started, int seed) {
    return ctx.start(
        () -> {
          SplittableRandom random = new SplittableRandom(seed);
          started.set();
          for (long i = 0; ; i++) {
            int key = random.nextInt(3_000);
            switch (random.nextInt(4)) {
              case 0 -> d.remove(key);
              case 1 -> d.merge(key, valueFor(key, i, random), (old, v) -> v);
              default -> d.put(key, valueFor(key, i, random));
            }
          }
        });
  }

  @Test
  void map_writerKilledMidOperation_leavesWholeEntriesAndAUsableMap() throws Exception {
    SharedMap<Integer, String> d = manager.dict();
    for (int round = 0; round < KILLS; round++) {
      Event started = ctx.event();
      Job<Void> job = writer(d, started, round);
      assertTrue(started.await(LONG_WAIT), "the writer started");
      Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
      job.kill();
      assertTrue(job.join(LONG_WAIT), "the writer died");

      assertConsistent(d); // takes the mutex over if the writer died holding it
      d.put(-round - 1, valueFor(-round - 1, 0, new SplittableRandom(round)));
      assertTrue(d.get(-round - 1).startsWith("v" + (-round - 1) + ":"), "the map is usable");
    }
    assertTrue(d.size() > 100, "the writers wrote: " + d.size());
  }

  @Test
  void list_writerKilledMidOperation_leavesWholeElementsAndAUsableList() throws Exception {
    SharedList<String> l = manager.list();
    for (int round = 0; round < KILLS; round++) {
      Event started = ctx.event();
      int seed = round;
      Job<Void> job =
          ctx.start(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                started.set();
                for (long i = 0; ; i++) {
                  int size = l.size();
                  switch (random.nextInt(6)) {
                    case 0 -> l.addAll(List.of("e" + i, "e" + i + "x".repeat(random.nextInt(200))));
                    case 1 -> {
                      if (size > 0) {
                        l.remove(random.nextInt(size));
                      }
                    }
                    case 2 -> {
                      if (size > 0) {
                        l.set(random.nextInt(size), "e" + i);
                      }
                    }
                    case 3 -> l.add(0, "e" + i);
                    default -> l.add("e" + i);
                  }
                }
              });
      assertTrue(started.await(LONG_WAIT), "the writer started");
      Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
      job.kill();
      assertTrue(job.join(LONG_WAIT), "the writer died");

      List<String> seen = l.snapshot();
      for (String e : seen) {
        assertTrue(e.matches("e\\d+x*"), "a whole element: " + e);
      }
      assertEquals(seen.size(), l.size());
      l.add("e0");
      assertEquals("e0", l.getLast(), "the list is usable");
    }
  }

  @Test
  void map_holderKilledInsideCompute_isTakenOverAndUnchanged() throws Exception {
    SharedMap<String, Long> d = manager.dict();
    d.put("k", 1L);
    Event inside = ctx.event();
    Job<Void> holder =
        ctx.start(
            () -> {
              d.compute(
                  "k",
                  (k, v) -> {
                    inside.set();
                    try {
                      Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return v + 100;
                  });
            });
    assertTrue(inside.await(LONG_WAIT), "the job is inside compute, holding the map's lock");
    holder.kill();
    assertTrue(holder.join(LONG_WAIT));

    assertEquals(
        1L,
        d.get("k"),
        "the next caller takes the lock over; the dead job's change never happened");
    assertEquals(2L, d.merge("k", 1L, Long::sum));
  }

  @Test
  void ownerKilled_nextCallFailsWithAClearError() throws Exception {
    Queue<SharedMap<String, Long>> handOver = ctx.queue();
    Job<Void> owner =
        ctx.start(
            () -> {
              Context inner = Multitask.processes(ProcessOptions.defaults().standby(0));
              SharedMap<String, Long> made = inner.manager().dict();
              made.put("a", 1L);
              handOver.put(made);
              Thread.sleep(Long.MAX_VALUE);
            });
    SharedMap<String, Long> d = handOver.poll(60, TimeUnit.SECONDS);
    assertNotNull(d, "the owner handed its map over");
    assertEquals(1L, d.get("a"), "the map works while its owner lives");
    long ownerPid = owner.pid();

    owner.kill();
    assertTrue(owner.join(LONG_WAIT));

    long killedAt = System.nanoTime();
    IllegalStateException failure = null;
    while (failure == null && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(10)) {
      try {
        d.put("b", 2L);
        Thread.sleep(10);
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    if (failure == null) {
      fail("calls on a map whose owner was killed went on working for 10 s");
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertTrue(millis < 2_000, "the call failed " + millis + " ms after the owner's death");
    assertTrue(failure.getMessage().contains("(" + ownerPid + ") has ended"), failure.getMessage());
    SharedSegment.sweep(); // the killed owner's segments, which its own exit would have removed
  }
}
