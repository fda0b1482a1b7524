package dev.multitask.local;

import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.sync.Lock;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The {@link SharedDoubleArray} of the thread and coroutine backends: the raw bits of each element
 * in an {@link AtomicLongArray}, and a lock of its own. Lock-free; memory consistency effects are
 * {@code AtomicLongArray}'s. An index out of range is an {@link IndexOutOfBoundsException} naming
 * the index and the length.
 */
final class LocalSharedDoubleArray implements SharedDoubleArray {
  private final AtomicLongArray bits; // zero bits are 0.0: zero-filled as the contract wants
  private final LocalLock lock;

  LocalSharedDoubleArray(int length, String backend) {
    this.bits = new AtomicLongArray(length);
    this.lock = new LocalLock(backend);
  }

  @Override
  public int length() {
    return bits.length();
  }

  @Override
  public double get(int index) {
    return Double.longBitsToDouble(bits.get(check(index)));
  }

  @Override
  public void set(int index, double value) {
    bits.set(check(index), Double.doubleToRawLongBits(value));
  }

  @Override
  public double addAndGet(int index, double delta) {
    int i = check(index);
    while (true) {
      long old = bits.get(i);
      double next = Double.longBitsToDouble(old) + delta;
      if (bits.compareAndSet(i, old, Double.doubleToRawLongBits(next))) {
        return next;
      }
    }
  }

  @Override
  public double[] toArray() {
    double[] copy = new double[bits.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = Double.longBitsToDouble(bits.get(i));
    }
    return copy;
  }

  private int check(int index) {
    return Objects.checkIndex(index, bits.length());
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public String toString() {
    return "SharedDoubleArray" + Arrays.toString(toArray());
  }
}
