package dev.multitask.local;

import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Lock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link SharedLong} of the thread and coroutine backends: an {@link AtomicLong} and a lock of
 * its own. Every operation is lock-free; memory consistency effects are {@code AtomicLong}'s.
 */
final class LocalSharedLong implements SharedLong {
  private final AtomicLong value;
  private final LocalLock lock;

  LocalSharedLong(long initial, String backend) {
    this.value = new AtomicLong(initial);
    this.lock = new LocalLock(backend);
  }

  @Override
  public long get() {
    return value.get();
  }

  @Override
  public void set(long newValue) {
    value.set(newValue);
  }

  @Override
  public long addAndGet(long delta) {
    return value.addAndGet(delta);
  }

  @Override
  public long getAndAdd(long delta) {
    return value.getAndAdd(delta);
  }

  @Override
  public boolean compareAndSet(long expected, long newValue) {
    return value.compareAndSet(expected, newValue);
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public String toString() {
    return "SharedLong[" + value.get() + "]";
  }
}
