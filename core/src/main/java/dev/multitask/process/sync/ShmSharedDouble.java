package dev.multitask.process.sync;

import static dev.multitask.process.sync.SyncLayout.VALUE_OFFSET;

import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.shared.SharedDouble;
import java.io.Serial;

/** {@link SharedDouble} across processes: the raw bits of the double in one 64-bit word. */
final class ShmSharedDouble extends SharedWords implements SharedDouble {
  @Serial private static final long serialVersionUID = 1L;

  ShmSharedDouble(SharedSegment segment) {
    super(segment);
  }

  static ShmSharedDouble create(double initial) {
    SharedSegment segment = create(SyncLayout.Kind.DOUBLE, VALUE_OFFSET + 64, 0, false, 0);
    MemoryAccess.setLongVolatile(
        segment.memory(), VALUE_OFFSET, Double.doubleToRawLongBits(initial));
    return new ShmSharedDouble(segment);
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.DOUBLE;
  }

  @Override
  public double get() {
    checkOpen();
    return Double.longBitsToDouble(MemoryAccess.longVolatile(m, VALUE_OFFSET));
  }

  @Override
  public void set(double value) {
    checkOpen();
    MemoryAccess.setLongVolatile(m, VALUE_OFFSET, Double.doubleToRawLongBits(value));
  }

  @Override
  public double addAndGet(double delta) {
    checkOpen();
    return DoubleWords.addAndGet(m, VALUE_OFFSET, delta);
  }

  @Override
  public boolean compareAndSet(double expected, double value) {
    checkOpen();
    return MemoryAccess.casLong(
        m, VALUE_OFFSET, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
  }

  @Override
  public String toString() {
    return "SharedDouble " + name + " [" + get() + "]";
  }
}
