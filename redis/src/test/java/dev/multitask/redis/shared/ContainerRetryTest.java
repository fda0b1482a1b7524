package dev.multitask.redis.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.redis.LocalRedis;
import dev.multitask.redis.ServerStats;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An update of a shared map or list that another writer overtakes, on a server of its own (its
 * command counts are this test's alone): the retry starts from the value the failed write found,
 * without reading it again, and no update is lost.
 */
class ContainerRetryTest {
  private static LocalRedis server;
  private static Redis redis;
  private static Context ctx;
  private static Manager manager;

  @BeforeAll
  static void start() {
    server = LocalRedis.start();
    redis = Connections.open(RedisAddress.parse(server.url()));
    ctx = Multitask.cluster(server.url());
    manager = ctx.manager();
  }

  @AfterAll
  static void stop() {
    ctx.close();
    Connections.release(redis.address());
    server.close();
  }

  @Test
  void mapMerge_overtakenOnce_retriesFromTheValueItFound() throws Exception {
    SharedMap<String, Long> d = manager.dict();
    d.put("hits", 1L);
    d.merge("hits", 0L, Long::sum); // the scripts are known to the server from now on
    List<Long> seen = new ArrayList<>();
    long scriptsBefore = ServerStats.scripts(redis);

    d.merge(
        "hits",
        1L,
        (old, one) -> {
          seen.add(old);
          if (seen.size() == 1) {
            overtake(() -> d.put("hits", 10L));
          }
          return old + one;
        });

    assertEquals(
        4,
        ServerStats.scripts(redis) - scriptsBefore,
        "read, the write that failed, the other put, the write");
    assertEquals(List.of(1L, 10L), seen, "the second run starts from the other writer's value");
    assertEquals(11L, d.get("hits"));
  }

  @Test
  void listUpdate_overtakenOnce_retriesFromTheElementItFound() throws Exception {
    SharedList<Long> counts = manager.list(List.of(1L));
    counts.update(0, n -> n); // the scripts are known to the server from now on
    counts.set(0, 1L);
    List<Long> seen = new ArrayList<>();
    long scriptsBefore = ServerStats.scripts(redis);

    counts.update(
        0,
        n -> {
          seen.add(n);
          if (seen.size() == 1) {
            overtake(() -> counts.set(0, 10L));
          }
          return n + 1;
        });

    assertEquals(
        4,
        ServerStats.scripts(redis) - scriptsBefore,
        "read, the write that failed, the other set, the write");
    assertEquals(List.of(1L, 10L), seen, "the second run starts from the other writer's element");
    assertEquals(List.of(11L), counts);
  }

  /** Runs {@code write} in another thread (a function may not call back into its container). */
  private static void overtake(Runnable write) {
    Thread other = Thread.ofPlatform().start(write);
    try {
      other.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
