package dev.multitask.coro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.trace.Recording;
import dev.multitask.trace.Trace;
import dev.multitask.trace.TraceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a user may see of {@link Priming}: nothing but its cost. */
class PrimingTest {
  @Test
  void untracedLoop_leavesNoTurnsInATrace() {
    Recording recording;
    try (Trace trace = Trace.start()) {
      try (EventLoop hidden = EventLoop.createUntraced(LoopOptions.defaults().name("hidden"))) {
        hidden.run(() -> Coroutines.gather(sleeper("h1"), sleeper("h2")));
      }
      Coroutines.run(() -> Coroutines.gather(sleeper("u1"), sleeper("u2")));
      recording = trace.stop();
    }
    Set<String> names =
        recording.events().stream()
            .filter(e -> e.kind() == TraceEvent.Kind.COROUTINE)
            .map(TraceEvent::name)
            .collect(Collectors.toSet());
    assertTrue(names.containsAll(Set.of("u1", "u2")), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.startsWith("h")), names.toString());
  }

  @Test
  void crowdedLoop_runsItsCoroutinesAsBefore_andKeepsItsOwnTaskList() {
    int n = 1_010;
    List<Integer> values =
        Coroutines.run(
            () -> {
              List<Coroutine<Integer>> all = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                int k = i;
                all.add(
                    Coroutines.spawn(
                        () -> {
                          Coroutines.sleep(Duration.ofMillis(1));
                          return k;
                        }));
              }
              // the priming's coroutines ran on a loop of their own: this one lists only its own
              assertEquals(n + 1, Coroutines.allTasks().size());
              return Coroutines.gather(all);
            });
    assertEquals(n, values.size());
    for (int i = 0; i < n; i++) {
      assertEquals(i, values.get(i));
    }
    assertTrue(Priming.runs(false) >= 1, "a loop of " + n + " coroutines is a crowd");
  }

  private static Coroutine<Void> sleeper(String name) {
    return Coroutines.spawn(name, () -> Coroutines.sleep(Duration.ofMillis(2)));
  }
}
