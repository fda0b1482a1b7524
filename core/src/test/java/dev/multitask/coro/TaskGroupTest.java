package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static dev.multitask.coro.CoroTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The task group; the cases of CPython's test_taskgroups that apply, written for this API. */
class TaskGroupTest {
  private static dev.multitask.Task<Integer> sleepThen(long millis, int value) {
    return () -> {
      Coroutines.sleep(ms(millis));
      return value;
    };
  }

  private static dev.multitask.Task<Integer> crashAfter(long millis, String message) {
    return () -> {
      Coroutines.sleep(ms(millis));
      throw new IllegalStateException(message);
    };
  }

  @Test
  void run_waitsForEveryChildAndReturnsTheBodysValue() throws Exception {
    run(
        () -> {
          List<Coroutine<Integer>> kids = new ArrayList<>();
          String r =
              TaskGroup.run(
                  g -> {
                    kids.add(g.spawn(sleepThen(20, 42)));
                    Coroutines.sleep(ms(5));
                    kids.add(g.spawn(sleepThen(10, 11))); // test_taskgroup_02: spawned later
                    return "body";
                  });
          assertEquals("body", r);
          assertEquals(42, kids.get(0).result());
          assertEquals(11, kids.get(1).result());
          return null;
        });
  }

  @Test
  void childCancelledExplicitly_isNotAFailure() throws Exception {
    run(
        () -> {
          Coroutine<?>[] t1 = new Coroutine<?>[1];
          TaskGroup.run(
              g -> {
                t1[0] = g.spawn(sleepThen(10_000, 42));
                Coroutines.sleep(ms(5));
                t1[0].cancel(); // test_taskgroup_03
                return g.spawn(sleepThen(5, 11));
              });
          assertTrue(t1[0].cancelled());
          return null;
        });
  }

  @Test
  void childFailure_cancelsSiblingsAndTheBody() throws Exception {
    AtomicBoolean siblingCancelled = new AtomicBoolean();
    AtomicBoolean bodyCancelled = new AtomicBoolean();
    AtomicBoolean afterGroup = new AtomicBoolean();
    run(
        () -> {
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () ->
                      TaskGroup.run(
                          g -> {
                            g.spawn(crashAfter(5, "div by zero"));
                            g.spawn(
                                () -> {
                                  try {
                                    Coroutines.sleep(Duration.ofSeconds(60));
                                  } catch (CancelledException c) {
                                    siblingCancelled.set(true);
                                    throw c;
                                  }
                                });
                            try {
                              Coroutines.sleep(Duration.ofSeconds(60));
                            } catch (CancelledException c) {
                              bodyCancelled.set(true);
                              throw c;
                            }
                            afterGroup.set(true);
                            return null;
                          }));
          assertEquals("div by zero", e.getCause().getMessage());
          assertEquals(0, e.getSuppressed().length);
          assertEquals(0, Coroutines.current().cancelling());
          return null;
        });
    assertTrue(siblingCancelled.get());
    assertTrue(bodyCancelled.get());
    assertFalse(afterGroup.get());
  }

  @Test
  void everyFailureIsReported_firstAsTheCauseOthersSuppressed() throws Exception {
    run(
        () -> {
          AsyncEvent go = new AsyncEvent();
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () ->
                      TaskGroup.run(
                          g -> {
                            for (int i = 0; i < 3; i++) {
                              int id = i;
                              g.spawn(
                                  () -> {
                                    go.await();
                                    throw new IllegalStateException("child " + id);
                                  });
                            }
                            Coroutines.sleep(ms(5)); // all three wait on go: woken together
                            go.set();
                            return null;
                          }));
          assertEquals("child 0", e.getCause().getMessage());
          assertEquals(2, e.getSuppressed().length);
          return null;
        });
  }

  @Test
  void bodyFailure_cancelsTheChildrenAndIsReported() throws Exception {
    run(
        () -> {
          List<Coroutine<Integer>> kids = new ArrayList<>();
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () ->
                      TaskGroup.run(
                          g -> {
                            kids.add(g.spawn(sleepThen(10_000, 1)));
                            kids.add(g.spawn(sleepThen(20_000, 2)));
                            throw new ArithmeticException("in the body"); // test_taskgroup_10
                          }));
          assertInstanceOf(ArithmeticException.class, e.getCause());
          assertTrue(kids.get(0).cancelled() && kids.get(1).cancelled());
          return null;
        });
  }

  @Test
  void cancelledFromOutside_cancelsEveryChildAndPropagates() throws Exception {
    AtomicInteger cancelled = new AtomicInteger();
    run(
        () -> {
          Coroutine<Void> runner =
              Coroutines.spawn(
                  () -> {
                    TaskGroup.run(
                        g -> {
                          for (int i = 0; i < 5; i++) {
                            g.spawn(
                                () -> {
                                  try {
                                    Coroutines.sleep(Duration.ofSeconds(60));
                                  } catch (CancelledException c) {
                                    cancelled.incrementAndGet();
                                    throw c;
                                  }
                                });
                          }
                          return null; // test_cancellation: the body ended, the group waits
                        });
                  });
          Coroutines.sleep(ms(10));
          runner.cancel("test");
          CancelledException e = assertThrows(CancelledException.class, runner::get);
          assertTrue(e.getMessage().contains("test"), e.getMessage());
          return null;
        });
    assertEquals(5, cancelled.get());
  }

  @Test
  void nestedGroups_innerFailureReachesTheOuterAsAFailure() throws Exception {
    run(
        () -> {
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () ->
                      TaskGroup.run(
                          g1 -> {
                            g1.spawn(crashAfter(10_000, "outer"));
                            return TaskGroup.run(
                                g2 -> {
                                  g2.spawn(crashAfter(5, "inner")); // test_taskgroup_14
                                  return null;
                                });
                          }));
          assertInstanceOf(CoroutineFailedException.class, e.getCause());
          assertEquals("inner", e.getCause().getCause().getMessage());
          return null;
        });
  }

  @Test
  void nestedGroups_outerFailureCancelsTheInner() throws Exception {
    run(
        () -> {
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () ->
                      TaskGroup.run(
                          g1 -> {
                            g1.spawn(crashAfter(5, "outer")); // test_taskgroup_13
                            return TaskGroup.run(
                                g2 -> {
                                  g2.spawn(crashAfter(10_000, "inner"));
                                  return null;
                                });
                          }));
          assertEquals("outer", e.getCause().getMessage());
          return null;
        });
  }

  @Test
  void cancellationSwallowedByTheBody_stillEndsTheGroupWithTheFailure() throws Exception {
    run(
        () -> {
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () ->
                      TaskGroup.run(
                          g -> {
                            g.spawn(crashAfter(5, "crash"));
                            try {
                              Coroutines.sleep(Duration.ofSeconds(60));
                            } catch (CancelledException swallowed) {
                              // test_taskgroup_15 sleeps again here; with a pending
                              // cancellation that sleep throws, so the body cannot stall the group
                              assertThrows(CancelledException.class, () -> Coroutines.sleep(ms(1)));
                            }
                            return null;
                          }));
          assertEquals("crash", e.getCause().getMessage());
          return null;
        });
  }

  @Test
  void spawn_afterAFailureOrAfterTheEnd_isRefused() throws Exception {
    run(
        () -> {
          TaskGroup[] kept = new TaskGroup[1];
          TaskGroup.run(
              g -> {
                kept[0] = g;
                return null;
              });
          IllegalStateException ended =
              assertThrows(IllegalStateException.class, () -> kept[0].spawn(() -> 1));
          assertTrue(ended.getMessage().contains("has ended"), ended.getMessage());
          assertThrows(
              CoroutineFailedException.class,
              () ->
                  TaskGroup.run(
                      g -> {
                        g.spawn(crashAfter(0, "first"));
                        Coroutines.yield();
                        Coroutines.yield();
                        IllegalStateException refused =
                            assertThrows(IllegalStateException.class, () -> g.spawn(() -> 1));
                        assertTrue(refused.getMessage().contains("shutting down"));
                        return null;
                      }));
          return null;
        });
  }

  @Test
  void childrenSpawnedByChildren_areAwaitedToo() throws Exception {
    AtomicInteger hydras = new AtomicInteger();
    run(
        () -> {
          TaskGroup.run(
              g -> {
                g.spawn(
                    () -> {
                      Coroutines.sleep(ms(5)); // test_taskgroup_24: a child spawns more
                      g.spawn(sleepThen(5, 1));
                      g.spawn(
                          () -> {
                            Coroutines.sleep(ms(10));
                            hydras.incrementAndGet();
                          });
                    });
                return null;
              });
          assertEquals(1, hydras.get());
          return null;
        });
  }

  @Test
  void run_outsideACoroutine_isRefused() {
    assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> null));
  }
}
