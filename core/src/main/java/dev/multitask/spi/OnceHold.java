package dev.multitask.spi;

import dev.multitask.sync.Hold;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Hold} that runs its release on the first {@link #close()} only. */
public final class OnceHold implements Hold {
  private final Runnable release;
  private final AtomicBoolean open = new AtomicBoolean(true);

  /**
   * A hold that {@code release} ends.
   *
   * @param release what the first close runs
   */
  public OnceHold(Runnable release) {
    this.release = release;
  }

  @Override
  public void close() {
    if (open.compareAndSet(true, false)) {
      release.run();
    }
  }
}
