package dev.multitask.redis.client;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs the Lua scripts of {@link Lua} by their SHA-1 ({@code EVALSHA}), sending the text again
 * ({@code EVAL}) when the server does not know it: the first time, and after a restart. A script
 * runs atomically on the server, which is what makes each primitive's step safe among clients.
 */
public final class Scripts {
  private final Redis redis;

  Scripts(Redis redis) {
    this.redis = redis;
  }

  /** A script and its digest. */
  public record Script(String name, String text, String sha) {
    /**
     * Makes a script.
     *
     * @param name for messages
     * @param text the Lua source
     * @return the script
     */
    public static Script of(String name, String text) {
      try {
        byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        return new Script(name, text, HexFormat.of().formatHex(d));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is missing from this JVM", e);
      }
    }
  }

  /**
   * Runs {@code script} and returns its integer reply.
   *
   * @param script the script
   * @param keys its KEYS
   * @param args its ARGV: byte arrays as they are, anything else as its string form
   * @return the reply
   */
  public long integer(Script script, List<String> keys, Object... args) {
    Long r = run(script, ScriptOutputType.INTEGER, keys, args);
    return r == null ? 0 : r;
  }

  /**
   * Runs {@code script} and returns its bulk-string reply.
   *
   * @param script the script
   * @param keys its KEYS
   * @param args its ARGV
   * @return the reply, or null
   */
  public byte[] value(Script script, List<String> keys, Object... args) {
    return run(script, ScriptOutputType.VALUE, keys, args);
  }

  /**
   * Runs {@code script} and returns its array reply: Longs and byte arrays.
   *
   * @param script the script
   * @param keys its KEYS
   * @param args its ARGV
   * @return the reply
   */
  public List<Object> multi(Script script, List<String> keys, Object... args) {
    return run(script, ScriptOutputType.MULTI, keys, args);
  }

  private <T> T run(Script script, ScriptOutputType type, List<String> keys, Object... args) {
    String[] k = keys.toArray(String[]::new);
    byte[][] a = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      a[i] = bytes(args[i]);
    }
    return redis.call(
        c -> {
          try {
            return c.<T>evalsha(script.sha(), type, k, a);
          } catch (RedisNoScriptException e) {
            return c.<T>eval(script.text(), type, k, a);
          }
        });
  }

  /**
   * Runs {@code script} without waiting for its reply (see {@link Redis#send}): for steps whose
   * loss costs a wait slice or memory until a TTL, never correctness.
   *
   * @param script the script
   * @param keys its KEYS
   * @param args its ARGV
   */
  public void send(Script script, List<String> keys, Object... args) {
    String[] k = keys.toArray(String[]::new);
    byte[][] a = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      a[i] = bytes(args[i]);
    }
    redis.send(
        c -> {
          io.lettuce.core.RedisFuture<Long> sent =
              c.evalsha(script.sha(), ScriptOutputType.INTEGER, k, a);
          sent.whenComplete(
              (r, e) -> {
                Throwable cause =
                    e instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : e;
                if (cause instanceof RedisNoScriptException) {
                  redis.send(again -> again.eval(script.text(), ScriptOutputType.INTEGER, k, a));
                }
              });
          return sent;
        });
  }

  /** An argument as Redis takes it. */
  public static byte[] bytes(Object arg) {
    if (arg instanceof byte[] b) {
      return b;
    }
    return String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
  }

  /** A reply element as a long. */
  public static long asLong(Object reply) {
    if (reply instanceof Long l) {
      return l;
    }
    if (reply instanceof byte[] b) {
      return Long.parseLong(new String(b, StandardCharsets.UTF_8));
    }
    return 0;
  }
}
