package dev.multitask.examples;

import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tutorial's gevent program: one coroutine per feed fetches in rounds and sleeps between them;
 * each is spawned with a {@code link_exception} callback. When a fetcher fails with an exception
 * nobody handles, the callback runs (in a coroutine of its own) with the failed coroutine and its
 * exception, sets the flag that stops the program, and kills the fetchers that are sleeping, so the
 * program ends instead of hanging on them.
 */
public final class CoroutineLinkException {
  private static final Duration PAUSE = Duration.ofMillis(200);

  /** Which feeds' fetchers are sleeping now: the tutorial's {@code g_dict[feed][1]}. */
  private static final Map<String, Boolean> SLEEPING = new ConcurrentHashMap<>();

  private static volatile boolean terminated;

  private CoroutineLinkException() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Coroutines.run(
        () -> {
          Map<String, Coroutine<Void>> fetchers = new LinkedHashMap<>();
          for (String feed : List.of("news", "sports", "weather")) {
            Coroutine<Void> g = Coroutines.spawn("fetch " + feed, () -> fetch(feed));
            g.linkException(failed -> onFailure(failed, fetchers)); // g.link_exception(callback)
            fetchers.put(feed, g);
          }
          Coroutines.joinAll(List.copyOf(fetchers.values()), null, false);
          System.out.println("program stopped (terminated=" + terminated + ")");
          for (Coroutine<Void> g : fetchers.values()) {
            System.out.println(
                "  " + g.name() + ": " + (g.cancelled() ? "killed" : "failed: " + g.exception()));
          }
        });
  }

  private static void fetch(String feed) {
    for (int round = 1; !terminated; round++) {
      System.out.println(feed + ": round " + round + " fetched");
      if (feed.equals("weather") && round == 2) {
        throw new IllegalStateException("the weather feed sent a page that is not XML");
      }
      SLEEPING.put(feed, true);
      Coroutines.sleep(PAUSE);
      SLEEPING.put(feed, false);
    }
  }

  /** The tutorial's {@code _link_exception_callback}: report, stop, kill the sleeping fetchers. */
  private static void onFailure(Coroutine<Void> failed, Map<String, Coroutine<Void>> fetchers) {
    System.out.println("callback: " + failed.name() + " failed with " + failed.exception());
    terminated = true; // stops the whole program, so a supervisor can restart it
    fetchers.forEach(
        (feed, g) -> {
          if (SLEEPING.getOrDefault(feed, false) && !g.done()) {
            System.out.println("callback: killing " + g.name() + " (sleeping)");
            g.kill(); // gevent.kill: wait for it to end
          }
        });
  }
}
