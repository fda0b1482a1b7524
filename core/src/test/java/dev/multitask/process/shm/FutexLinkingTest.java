package dev.multitask.process.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tier 2: a fresh worker links the futex call only when it first needs the kernel. Linking costs a
 * fresh JVM ~50 ms, and a job that reads an event, sets one nobody waits on or takes a free lock
 * never makes the call.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FutexLinkingTest {
  private static final ProcessOptions COLD = ProcessOptions.defaults().standby(0);

  @Test
  void aFreshWorker_usingEventsAndLocksWithoutWaiting_linksNoFutex() throws Exception {
    try (Context ctx = Multitask.processes(COLD)) {
      Event event = ctx.event();
      Lock lock = ctx.lock();
      List<Boolean> seen =
          ctx.start(
                  () -> {
                    boolean set = event.isSet();
                    event.set(); // no waiter: no wake call
                    lock.lock(); // free: no wait
                    lock.unlock(); // no waiter: no wake call
                    return List.of(set, event.isSet(), SyscallFutex.isLinked());
                  })
              .result();
      assertEquals(List.of(false, true, false), seen, "(was set, is set, linked)");
    }
  }

  @Test
  void aFreshWorker_waitingOnAnEvent_linksTheFutexThen() throws Exception {
    try (Context ctx = Multitask.processes(COLD)) {
      Event event = ctx.event();
      boolean linked =
          ctx.start(
                  () -> {
                    boolean before = SyscallFutex.isLinked();
                    event.await(Duration.ofMillis(20)); // times out in the kernel
                    return !before && SyscallFutex.isLinked();
                  })
              .result();
      assertTrue(linked, "linked at the first wait, not before");
    }
  }
}
