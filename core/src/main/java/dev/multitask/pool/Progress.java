package dev.multitask.pool;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a {@code map} or {@code imap} has come, as reported to a pool's progress listener after
 * each finished chunk. A pool's listener hears all its calls: {@code call} tells them apart.
 *
 * @param call which call of the pool this is: its {@code map}, {@code mapAsync} and {@code imap}
 *     calls are numbered from 1 in the order they began
 * @param done items finished (successfully or not); grows from one report of a call to the next
 * @param total items in the input, or -1 when the input is not a {@link java.util.Collection}
 * @param itemsPerSecond the rate since the call began
 * @param elapsed time since the call began
 */
public record Progress(long call, long done, long total, double itemsPerSecond, Duration elapsed) {
  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if {@code call} is below 1, {@code done} below 0, or {@code
   *     total} below -1
   */
  public Progress {
    if (call < 1 || done < 0 || total < -1) {
      throw new IllegalArgumentException(
          "progress needs call >= 1, done >= 0 and total >= -1 (-1: unknown), got call "
              + call
              + ", done "
              + done
              + ", total "
              + total);
    }
    java.util.Objects.requireNonNull(elapsed, "elapsed");
  }

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
