package dev.multitask.redis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Multitask;
import dev.multitask.redis.LocalRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Cluster URLs: what is read from them, and errors that name the problem but never a password. */
class RedisAddressTest {
  private static final String SECRET = "s3cr3t-pw";

  @Test
  void parse_passwordAndDatabase_areRead() {
    RedisAddress a = RedisAddress.parse("rediss://:" + SECRET + "@10.0.0.5:6380/2");

    assertTrue(a.tls());
    assertEquals("10.0.0.5", a.host());
    assertEquals(6380, a.port());
    assertEquals(2, a.database());
    assertEquals(SECRET, a.password());
    assertFalse(a.toString().contains(SECRET), a.toString());
  }

  @Test
  void parse_notAUrl_namesTheProblemWithoutThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RedisAddress.parse("redis://:" + SECRET + " x@host:6379"));

    assertTrue(e.getMessage().contains("not a URL"), e.getMessage());
    assertFalse(everything(e).contains(SECRET), everything(e));
  }

  @Test
  void parse_wrongScheme_namesItWithoutThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RedisAddress.parse("http://:" + SECRET + "@host:6379"));

    assertTrue(e.getMessage().contains("scheme"), e.getMessage());
    assertFalse(everything(e).contains(SECRET), everything(e));
  }

  @Test
  void cluster_notAUrl_namesTheProblemWithoutThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Multitask.cluster("redis://:" + SECRET + " x@host:6379"));

    assertTrue(e.getMessage().contains("not a URL"), e.getMessage());
    assertFalse(everything(e).contains(SECRET), everything(e));
  }

  @Test
  void localRedis_passwordWithWhiteSpace_isRefusedWithoutEchoingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LocalRedis.startWithPassword(SECRET + " x"));

    assertTrue(e.getMessage().contains("white space"), e.getMessage());
    assertFalse(everything(e).contains(SECRET), everything(e));
  }

  /** What a stack trace of {@code e} prints: its messages and its causes'. */
  private static String everything(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
