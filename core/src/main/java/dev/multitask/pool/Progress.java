package dev.multitask.pool;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a {@code map} or {@code imap} has come, as reported to a pool's progress listener after
 * each finished chunk.
 *
 * @param done items finished (successfully or not)
 * @param total items in the input, or -1 when the input is not a {@link java.util.Collection}
 * @param itemsPerSecond the rate since the call began
 * @param elapsed time since the call began
 */
public record Progress(long done, long total, double itemsPerSecond, Duration elapsed) {
  /**
   * The estimated time to finish at the current rate.
   *
   * @return the estimate, or empty if the total or the rate is unknown
   */
  public Optional<Duration> eta() {
    if (total < 0 || itemsPerSecond <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos((long) ((total - done) / itemsPerSecond * 1e9)));
  }

  /**
   * The fraction done.
   *
   * @return 0 to 1, or -1 when the total is unknown
   */
  public double fraction() {
    return total < 0 ? -1 : total == 0 ? 1 : (double) done / total;
  }
}
