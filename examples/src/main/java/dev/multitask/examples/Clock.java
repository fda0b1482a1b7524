package dev.multitask.examples;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Time stamps and durations printed the same way by every example. */
final class Clock {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Clock() {}

  /** The wall-clock time to the second, as the tutorials' {@code time.strftime} prints it. */
  static String now() {
    return LocalDateTime.now().format(STAMP);
  }

  /** Seconds since {@code startNanos} (a {@link System#nanoTime()} value), such as {@code 2.01}. */
  static String secondsSince(long startNanos) {
    // Locale.ROOT: a decimal point whatever the user's locale, so the output can be read back
    return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startNanos) / 1e9);
  }
}
