package dev.multitask.local;

import dev.multitask.shared.SharedDouble;
import dev.multitask.sync.Lock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link SharedDouble} of the thread and coroutine backends: the raw bits of the value in an
 * {@link AtomicLong}, and a lock of its own. {@code compareAndSet} compares bits, so {@code 0.0}
 * and {@code -0.0} differ and a NaN matches only the same NaN bits. Lock-free; memory consistency
 * effects are {@code AtomicLong}'s.
 */
final class LocalSharedDouble implements SharedDouble {
  private final AtomicLong bits;
  private final LocalLock lock;

  LocalSharedDouble(double initial, String backend) {
    this.bits = new AtomicLong(Double.doubleToRawLongBits(initial));
    this.lock = new LocalLock(backend);
  }

  @Override
  public double get() {
    return Double.longBitsToDouble(bits.get());
  }

  @Override
  public void set(double value) {
    bits.set(Double.doubleToRawLongBits(value));
  }

  @Override
  public double addAndGet(double delta) {
    while (true) {
      long old = bits.get();
      double next = Double.longBitsToDouble(old) + delta;
      if (bits.compareAndSet(old, Double.doubleToRawLongBits(next))) {
        return next;
      }
    }
  }

  @Override
  public boolean compareAndSet(double expected, double value) {
    return bits.compareAndSet(
        Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public String toString() {
    return "SharedDouble[" + get() + "]";
  }
}
