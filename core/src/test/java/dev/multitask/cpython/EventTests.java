package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.assertTimeout;
import static dev.multitask.cpython.Waits.since;
import static dev.multitask.cpython.Waits.waitUntilAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code EventTests}. Not ported: {@code
 * test_at_fork_reinit} and {@code test_reset_internal_locks} (CPython internals).
 */
abstract class EventTests extends PortPart {
  /** test_is_set. */
  @Test
  void isSet_followsSetAndClear() {
    Event evt = ctx().event();
    assertFalse(evt.isSet());
    evt.set();
    assertTrue(evt.isSet());
    evt.set();
    assertTrue(evt.isSet());
    evt.clear();
    assertFalse(evt.isSet());
    evt.clear();
    assertFalse(evt.isSet());
  }

  private static void checkNotify(Event evt) throws Exception {
    List<Boolean> results1 = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> results2 = Collections.synchronizedList(new ArrayList<>());
    try (Bunch bunch =
        Bunch.of(
            5,
            () -> {
              evt.await();
              results1.add(true);
              evt.await();
              results2.add(true);
            })) {
      waitUntilAsleep(bunch.threads());
      assertEquals(0, results1.size());
      evt.set();
    }
    assertEquals(Collections.nCopies(5, true), results1);
    assertEquals(Collections.nCopies(5, true), results2);
  }

  /** test_notify: every waiter is woken, also after a set and a clear. */
  @Test
  void set_wakesEveryWaiter() throws Exception {
    Event evt = ctx().event();
    checkNotify(evt);
    evt.set();
    evt.clear();
    checkNotify(evt);
  }

  /** test_timeout. */
  @Test
  void await_withTimeout_returnsTheFlag() throws Exception {
    Event evt = ctx().event();
    List<Boolean> results1 = Collections.synchronizedList(new ArrayList<>());
    List<Object[]> results2 = Collections.synchronizedList(new ArrayList<>());
    Bunch.Body body =
        () -> {
          results1.add(evt.await(Duration.ZERO));
          long t1 = System.nanoTime();
          boolean r = evt.await(Duration.ofMillis(500));
          results2.add(new Object[] {r, since(t1)});
        };
    try (Bunch _ = Bunch.of(5, body)) {
      // they time out
    }
    assertEquals(Collections.nCopies(5, false), results1);
    for (Object[] r : results2) {
      assertFalse((Boolean) r[0]);
      assertTimeout((Duration) r[1], Duration.ofMillis(500));
    }
    results1.clear();
    results2.clear();
    evt.set();
    try (Bunch _ = Bunch.of(5, body)) {
      // the flag is up
    }
    assertEquals(Collections.nCopies(5, true), results1);
    for (Object[] r : results2) {
      assertTrue((Boolean) r[0]);
    }
  }

  /** test_set_and_clear (bpo-13502): a waiter woken by set returns true despite a clear. */
  @Test
  void setThenClear_returnsTrueToEveryWaiter() throws Exception {
    Event event = ctx().event();
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (Bunch bunch = Bunch.of(5, () -> results.add(event.await(LONG)))) {
      waitUntilAsleep(bunch.threads());
      event.set();
      event.clear();
    }
    assertEquals(Collections.nCopies(5, true), results);
  }

  /** test_repr: the state in the printed form. */
  @Test
  void toString_showsTheFlag() {
    Event evt = ctx().event();
    assertTrue(evt.toString().endsWith("[not set]"), evt.toString());
    evt.set();
    assertTrue(evt.toString().endsWith("[set]"), evt.toString());
  }
}
