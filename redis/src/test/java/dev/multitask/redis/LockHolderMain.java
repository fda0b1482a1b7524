package dev.multitask.redis;

import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.sync.RedisLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * A JVM that takes a cluster lock, prints its fencing token, and on a line from its standard input
 * writes a fenced value with that token and tries to unlock, printing what happened. Arguments:
 * URL, lock key.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    var redis = Connections.open(RedisAddress.parse(args[0]));
    RedisLock lock = new RedisLock(redis, args[1], false);
    lock.lock();
    long token = lock.fencingToken();
    System.out.println("token " + token);
    System.out.flush();
    var in = new BufferedReader(new InputStreamReader(System.in));
    in.readLine();
    boolean written = FencedValue.<String>of(lock, "v").write(token, "stale from " + token);
    System.out.println("write " + (written ? "accepted" : "refused"));
    try {
      lock.unlock();
      System.out.println("unlock ok");
    } catch (IllegalMonitorStateException e) {
      System.out.println("unlock refused");
    }
    System.out.flush();
    Connections.closeAll();
  }
}
