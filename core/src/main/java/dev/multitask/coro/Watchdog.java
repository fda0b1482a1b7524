package dev.multitask.coro;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Debug mode's watchdog: asyncio's slow-callback warning for coroutines. A platform daemon thread
 * samples every watched serial loop; when the same fiber has held a loop, with no hand-over, for
 * longer than the loop's threshold, it logs one warning naming the coroutine, the loop and the
 * stack where the coroutine is running. The hot path pays nothing: the sample is the loop's
 * hand-over counter, read without a lock, and the time is measured between samples.
 */
final class Watchdog {
  /** What one observer last saw of one loop. */
  static final class Sample {
    private long handoffs = -1;
    private Fiber holder;
    private long since;
    private boolean reported;
  }

  private static final Map<EventLoop, Long> WATCHED = new ConcurrentHashMap<>();
  private static final Map<EventLoop, Sample> SAMPLES = new ConcurrentHashMap<>();
  private static Thread thread;

  private Watchdog() {}

  /**
   * Watches {@code loop} until {@link #unwatch}, reporting holds longer than {@code
   * thresholdNanos}.
   */
  static synchronized void watch(EventLoop loop, long thresholdNanos) {
    WATCHED.put(loop, thresholdNanos);
    SAMPLES.put(loop, new Sample());
    if (thread == null) {
      thread = Thread.ofPlatform().daemon().name("multitask-coro-watchdog").start(Watchdog::run);
    } else {
      LockSupport.unpark(thread); // a shorter threshold may need a shorter period
    }
  }

  /** Stops watching {@code loop}. */
  static void unwatch(EventLoop loop) {
    WATCHED.remove(loop);
    SAMPLES.remove(loop);
  }

  private static void run() {
    while (true) {
      if (WATCHED.isEmpty()) {
        LockSupport.park(); // until watch() brings a loop; a spurious return just loops
        continue;
      }
      long period = 50_000_000L;
      for (Map.Entry<EventLoop, Long> e : WATCHED.entrySet()) {
        EventLoop loop = e.getKey();
        long threshold = e.getValue();
        period = Math.min(period, Math.max(1_000_000L, threshold / 4));
        Sample sample = SAMPLES.get(loop);
        if (sample != null && loop.scheduler instanceof SerialScheduler serial) {
          check(loop, serial, sample, threshold, "debug mode");
        }
      }
      LockSupport.parkNanos(period);
    }
  }

  /**
   * Samples {@code loop} once and reports a hold longer than {@code thresholdNanos}, once per hold.
   *
   * @param observer who watches, for the report
   * @return whether it reported
   */
  static boolean check(
      EventLoop loop, SerialScheduler serial, Sample s, long thresholdNanos, String observer) {
    long handoffs = serial.handoffs();
    Fiber holder = serial.running();
    long now = System.nanoTime();
    if (handoffs != s.handoffs || holder != s.holder) {
      s.handoffs = handoffs;
      s.holder = holder;
      s.since = now;
      s.reported = false;
      return false;
    }
    if (holder == null || s.reported || now - s.since < thresholdNanos) {
      return false;
    }
    s.reported = true;
    Thread t = holder.thread;
    StringBuilder sb = new StringBuilder();
    sb.append(holder.describe())
        .append(" has held event loop '")
        .append(loop.name())
        .append("' for at least ")
        .append(String.format(Locale.ROOT, "%.3f s", (now - s.since) / 1e9))
        .append(" without reaching an await point (")
        .append(observer)
        .append(", threshold ")
        .append(String.format(Locale.ROOT, "%.3f s", thresholdNanos / 1e9))
        .append(
            "); no other coroutine of the loop runs meanwhile. Move blocking or long work off the"
                + " loop")
        .append(
            " with Coroutines.toThread, or give way now and then with Coroutines.yield(). Its"
                + " stack:");
    if (t != null) {
      for (StackTraceElement e : t.getStackTrace()) {
        sb.append(System.lineSeparator()).append("\tat ").append(e);
      }
    }
    Report.warning(sb.toString());
    return true;
  }
}
