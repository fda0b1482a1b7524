package dev.multitask.redis.client;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/** Names that are unique across the cluster: of this JVM, of waiters, of objects and tasks. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String JVM = ProcessHandle.current().pid() + "-" + random(6);
  private static final AtomicLong COUNTER = new AtomicLong();

  private Ids() {}

  /** This JVM: its pid and a random part, so a reused pid on another host differs. */
  public static String jvm() {
    return JVM;
  }

  /** A new name unique in the cluster: this JVM's id and a counter. */
  public static String next() {
    return JVM + "-" + COUNTER.incrementAndGet();
  }

  /** A random hexadecimal string of {@code bytes} bytes. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
