package dev.multitask.coro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.process.shm.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A crowd of coroutines parked before the first wakes must not resume into code the JIT compiled
 * with a trap on the way out of the park ({@link Priming}). Each case runs a fresh JVM (the JIT's
 * profiles are per JVM) with C2 and the JVM's deoptimization log, spawns {@value #CROWD} sleepers
 * and counts the traps taken in the frames of the coroutine machinery ({@code dev.multitask.coro}
 * and the JDK's {@code VirtualThread}). With priming off, the same run shows the hazard is real on
 * this JDK: if it ever stops showing it, priming can go.
 */
class ResumeDeoptimizationTest {
  private static final int CROWD = 50_000;

  /**
   * How long each sleeps: longer than the crowd takes to park on a loaded machine, since a sleeper
   * that wakes while the crowd still grows teaches the JIT by itself.
   */
  private static final Duration NAP = Duration.ofSeconds(3);

  /** Traps a primed run may take at most (measured: 2 to 5, beside two busy cores too). */
  private static final int FEW = CROWD / 100;

  /** Traps an unprimed run takes at the least (measured: 43 000 to 85 000). */
  private static final int MANY = CROWD / 5;

  @TempDir Path scratch;

  @ParameterizedTest(name = "parallel={0}")
  @ValueSource(booleans = {false, true})
  void primedCrowdResumesWithoutTraps(boolean parallel) throws Exception {
    List<String> traps = trapsOfACrowd(parallel, true);
    assertTrue(
        traps.size() <= FEW,
        () ->
            traps.size()
                + " deoptimizations in the coroutine machinery's frames as a crowd woke up, so"
                + " parked frames resumed into traps (see Priming); the first: "
                + traps.subList(0, 3));
  }

  @ParameterizedTest(name = "parallel={0}")
  @ValueSource(booleans = {false, true})
  void unprimedCrowdDoesTrap(boolean parallel) throws Exception {
    int traps = trapsOfACrowd(parallel, false).size();
    assertTrue(
        traps >= MANY,
        "only "
            + traps
            + " deoptimizations with priming off: this JDK traps less on resumption, and Priming"
            + " may be dropped");
  }

  /** The deoptimization log's lines about the coroutine machinery's frames. */
  private List<String> trapsOfACrowd(boolean parallel, boolean primed)
      throws IOException, InterruptedException {
    Path log = scratch.resolve("deopt-" + parallel + "-" + primed + ".log");
    List<String> flags =
        List.of(
            // compilations in the foreground: each method is compiled when its counters say, not
            // when a busy machine lets the compiler thread run, so the share of the crowd parked
            // in compiled code is the same on every run (in the background, a loaded machine
            // compiles late and few frames trap, primed or not)
            "-Xbatch",
            "-Xlog:deoptimization=debug:file=" + log,
            "-Dmultitask.coro.priming=" + primed);
    try (ChildJvm child =
        ChildJvm.start(
            scratch,
            Map.of(),
            flags,
            Crowd.class,
            Boolean.toString(parallel),
            Integer.toString(CROWD),
            Long.toString(NAP.toMillis()))) {
      int exit = child.awaitExit(120);
      assertEquals(0, exit, "the crowd's JVM (-1: did not end in 120 s)\n" + child.output());
      assertEquals("woke " + CROWD, child.stdout().strip(), child.output());
    }
    try (var lines = Files.lines(log)) {
      return lines
          .filter(l -> l.contains("dev.multitask.coro.") || l.contains("java.lang.VirtualThread."))
          .toList();
    }
  }

  /** The child: a crowd of sleepers spawned by one coroutine, all joined. */
  static final class Crowd {
    public static void main(String[] args) {
      boolean parallel = Boolean.parseBoolean(args[0]);
      int crowd = Integer.parseInt(args[1]);
      Duration nap = Duration.ofMillis(Long.parseLong(args[2]));
      List<Object> woken =
          Coroutines.run(
              LoopOptions.defaults().parallel(parallel),
              () -> {
                List<Coroutine<Object>> all = new ArrayList<>(crowd);
                for (int i = 0; i < crowd; i++) {
                  all.add(
                      Coroutines.spawn(
                          () -> {
                            Coroutines.sleep(nap);
                            return Boolean.TRUE;
                          }));
                }
                return Coroutines.gather(all);
              });
      System.out.println("woke " + woken.size());
    }
  }
}
