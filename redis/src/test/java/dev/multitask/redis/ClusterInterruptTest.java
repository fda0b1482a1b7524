package dev.multitask.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Lock;
import org.junit.jupiter.api.Test;

/**
 * An interrupt pending on a thread is for its next wait: a short cluster call made meanwhile (an
 * unlock, a read) still runs, and the interrupt is still pending after it, as on the other
 * contexts.
 */
class ClusterInterruptTest {
  @Test
  void unlock_withAnInterruptPending_unlocksAndKeepsTheInterrupt() throws Exception {
    try (LocalRedis server = LocalRedis.start();
        Context ctx = Multitask.cluster(server.url())) {
      Lock lock = ctx.lock();
      SharedLong value = ctx.sharedLong(41);
      lock.lock();
      Thread.currentThread().interrupt();
      try {
        assertEquals(42, value.addAndGet(1));
        lock.unlock();
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is still pending");
      } finally {
        Thread.interrupted();
      }
      assertFalse(lock.isLocked(), "unlocked");

      Queue<String> q = ctx.queue();
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, q::take, "the next wait takes the interrupt");
      assertFalse(Thread.currentThread().isInterrupted());
    }
  }
}
