package dev.multitask.redis.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.redis.LocalRedis;
import dev.multitask.redis.ServerStats;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a contended {@link RedisLock} costs its waiter, on a server of its own (its command counts
 * are this test's alone): a waiter woken by the release takes the lock and leaves the wait list in
 * one script, and leaves nothing behind.
 */
class RedisLockWaitTest {
  private static LocalRedis server;
  private static Redis redis;

  @BeforeAll
  static void start() {
    server = LocalRedis.start();
    redis = Connections.open(RedisAddress.parse(server.url()));
  }

  @AfterAll
  static void stop() {
    Connections.release(redis.address());
    server.close();
  }

  @Test
  void waiterWokenByTheRelease_takesItInOneScriptAndLeavesNothingBehind() throws Exception {
    RedisLock lock = new RedisLock(redis, "lock-wait-test", false);
    lock.lock();
    lock.unlock(); // the server knows the release's script from now on: it runs once, not twice
    lock.lock();
    CountDownLatch taken = new CountDownLatch(1);
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  lock.lock(); // a thread of its own: another owner
                  taken.countDown();
                });
    while (redis.<Long>call(c -> c.llen("lock-wait-test:wq")) == 0) {
      Thread.sleep(5); // until the waiter registered
    }
    long scriptsBefore = ServerStats.scripts(redis);

    lock.unlock(); // the release's script wakes the waiter
    assertTrue(taken.await(10, TimeUnit.SECONDS), "the waiter was not woken");
    waiter.join();

    assertEquals(
        2,
        ServerStats.scripts(redis) - scriptsBefore,
        "the release, and the waiter's one attempt that took it");
    long waiting = redis.call(c -> c.llen("lock-wait-test:wq"));
    assertEquals(0, waiting, "the wait list is empty");
    assertEquals(0, redis.call(c -> c.keys("mt:w:*")).size(), "no wake-up left for anyone");
    lock.unlock(); // any thread may release a plain lock
  }
}
