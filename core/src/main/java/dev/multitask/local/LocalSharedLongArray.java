package dev.multitask.local;

import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The {@link SharedLongArray} of the thread and coroutine backends: an {@link AtomicLongArray} and
 * a lock of its own. Lock-free; memory consistency effects are {@code AtomicLongArray}'s. An index
 * out of range is an {@link IndexOutOfBoundsException} naming the index and the length.
 */
final class LocalSharedLongArray implements SharedLongArray {
  private final AtomicLongArray elements;
  private final LocalLock lock;

  LocalSharedLongArray(int length, String backend) {
    this.elements = new AtomicLongArray(length);
    this.lock = new LocalLock(backend);
  }

  @Override
  public int length() {
    return elements.length();
  }

  @Override
  public long get(int index) {
    return elements.get(check(index));
  }

  @Override
  public void set(int index, long value) {
    elements.set(check(index), value);
  }

  @Override
  public long addAndGet(int index, long delta) {
    return elements.addAndGet(check(index), delta);
  }

  @Override
  public boolean compareAndSet(int index, long expected, long value) {
    return elements.compareAndSet(check(index), expected, value);
  }

  @Override
  public long[] toArray() {
    long[] copy = new long[elements.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = elements.get(i);
    }
    return copy;
  }

  // checked here, not left to AtomicLongArray, so that the message is always "Index 5 out of bounds
  // for length 3"
  private int check(int index) {
    return Objects.checkIndex(index, elements.length());
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public String toString() {
    return "SharedLongArray" + Arrays.toString(toArray());
  }
}
