package dev.multitask.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.ipc.Queue;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a {@link Manager} does over its life; run over every backend by {@link ManagerContractTest}.
 */
abstract class ManagerLifecycleContract {
  /** The run of the backend under test. */
  abstract ContainerContract run();

  private static void assertClosed(Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void close_makesEveryContainerCallFailAtOnce() {
    Manager m = run().ctx().manager();
    SharedMap<String, Long> d = m.dict(Map.of("a", 1L));
    SharedList<Long> l = m.list(List.of(1L));
    Namespace ns = m.namespace();
    ns.set("x", 1L);

    m.close();

    assertTrue(m.isClosed());
    assertClosed(() -> d.get("a"));
    assertClosed(() -> d.put("b", 2L));
    assertClosed(l::size);
    assertClosed(() -> ns.get("x"));
    assertClosed(m::dict);
    m.close(); // twice does nothing
  }

  @Test
  void contextClose_closesItsManagers() {
    Context other = run().newContext();
    Manager m = other.manager();
    SharedMap<String, Long> d = m.dict();
    d.put("a", 1L);

    other.close();

    assertTrue(m.isClosed());
    assertClosed(() -> d.get("a"));
  }

  @Test
  void containerMadeInAJob_belongsToTheManagerAndOutlivesTheJob() throws Exception {
    Manager m = run().manager();
    SharedMap<String, Object> d = m.dict();

    run()
        .ctx()
        .start(
            () -> {
              SharedList<String> made = m.list();
              made.add("made in a job");
              d.put("list", made);
            })
        .result();

    assertEquals(List.of("made in a job"), d.get("list"));
  }

  @Test
  void syncObjects_comeFromTheContext() throws Exception {
    Manager m = run().manager();
    Queue<String> q = m.queue(2);
    Lock lock = m.lock();

    run()
        .ctx()
        .start(
            () -> {
              try (Hold _ = lock.hold()) {
                q.put("hello");
              }
            })
        .result();

    assertEquals("hello", q.take());
    assertFalse(lock.isLocked());
    assertEquals(3L, m.sharedLong(3).get());
    assertEquals(2, m.semaphore(2).availablePermits());
    if (run().processes()) {
      String thrown =
          run()
              .ctx()
              .start(
                  () -> {
                    try {
                      m.lock();
                      return "nothing";
                    } catch (IllegalStateException e) {
                      return e.getMessage();
                    }
                  })
              .result();
      assertTrue(thrown.contains("made in the process that made it"), thrown);
    }
  }
}
