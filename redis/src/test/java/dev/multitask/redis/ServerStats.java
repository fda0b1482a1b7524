package dev.multitask.redis;

import dev.multitask.redis.client.Redis;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a test's own server has run, from {@code INFO commandstats}. */
public final class ServerStats {
  private static final Pattern SCRIPT_CALLS =
      Pattern.compile("cmdstat_(evalsha|eval):calls=(\\d+)");

  private ServerStats() {}

  /**
   * How many scripts the server ran so far (EVALSHA and EVAL; a script's first run on a server
   * counts twice: the EVALSHA it did not know, then the EVAL).
   *
   * @param redis a client of the server
   * @return the count
   */
  public static long scripts(Redis redis) {
    String info = redis.call(c -> c.info("commandstats"));
    long n = 0;
    Matcher m = SCRIPT_CALLS.matcher(info);
    while (m.find()) {
      n += Long.parseLong(m.group(2));
    }
    return n;
  }
}
