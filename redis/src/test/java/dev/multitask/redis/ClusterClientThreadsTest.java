package dev.multitask.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster context's client of its server (Lettuce's sockets and Netty threads) lives as long as a
 * context of this JVM uses that server: closing the last one ends its threads.
 */
class ClusterClientThreadsTest {
  @Test
  void close_lastContextOfAServer_endsTheClientsThreads() throws Exception {
    try (LocalRedis server = LocalRedis.start()) {
      List<String> before = lettuceThreads();
      Context first = Multitask.cluster(server.url());
      Context second = Multitask.cluster(server.url());
      roundTrip(first);
      assertTrue(lettuceThreads().size() > before.size(), "an open client runs threads of its own");

      first.close();
      roundTrip(second); // the client both contexts share stays open for the second
      second.close();
      second.close(); // a second close releases nothing more

      long deadline = System.nanoTime() + 30_000_000_000L;
      while (lettuceThreads().size() > before.size() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(before, lettuceThreads(), "the client's threads after the last close");
    }
  }

  private static void roundTrip(Context ctx) throws InterruptedException {
    Queue<String> q = ctx.queue();
    q.put("x");
    assertEquals("x", q.take());
  }

  /** The names of the live threads Lettuce and its Netty event loops start. */
  private static List<String> lettuceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("lettuce-"))
        .sorted()
        .toList();
  }
}
