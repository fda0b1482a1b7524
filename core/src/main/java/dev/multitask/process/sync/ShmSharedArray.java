package dev.multitask.process.sync;

import static dev.multitask.process.sync.SyncLayout.ELEMENTS_OFFSET;

import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLongArray;
import java.io.Serial;
import java.util.Objects;

/**
 * {@link SharedLongArray} and {@link SharedDoubleArray} across processes: 64-bit words from {@link
 * SyncLayout#ELEMENTS_OFFSET}, a double as its raw bits.
 */
abstract sealed class ShmSharedArray extends SharedWords
    permits ShmSharedArray.Longs, ShmSharedArray.Doubles {
  @Serial private static final long serialVersionUID = 1L;

  /** The most elements: 2^31 - 1 words, as a Java array. */
  final transient int length;

  ShmSharedArray(SharedSegment segment) {
    super(segment);
    this.length = (int) MemoryAccess.longPlain(m, SyncLayout.LONG_PARAM_OFFSET);
  }

  static SharedSegment segment(SyncLayout.Kind kind, int length) {
    return create(kind, ELEMENTS_OFFSET + 8L * Math.max(1, length), 0, false, length);
  }

  final long offset(int index) {
    return ELEMENTS_OFFSET + 8L * Objects.checkIndex(index, length);
  }

  public final int length() {
    return length;
  }

  /** {@link SharedLongArray} across processes. */
  static final class Longs extends ShmSharedArray implements SharedLongArray {
    @Serial private static final long serialVersionUID = 1L;

    Longs(SharedSegment segment) {
      super(segment);
    }

    @Override
    SyncLayout.Kind kind() {
      return SyncLayout.Kind.LONG_ARRAY;
    }

    @Override
    public long get(int index) {
      checkOpen();
      return MemoryAccess.longVolatile(m, offset(index));
    }

    @Override
    public void set(int index, long value) {
      checkOpen();
      MemoryAccess.setLongVolatile(m, offset(index), value);
    }

    @Override
    public long addAndGet(int index, long delta) {
      checkOpen();
      return MemoryAccess.getAndAddLong(m, offset(index), delta) + delta;
    }

    @Override
    public boolean compareAndSet(int index, long expected, long value) {
      checkOpen();
      return MemoryAccess.casLong(m, offset(index), expected, value);
    }

    @Override
    public long[] toArray() {
      checkOpen();
      long[] copy = new long[length];
      for (int i = 0; i < length; i++) {
        copy[i] = get(i);
      }
      return copy;
    }

    @Override
    public String toString() {
      return "SharedLongArray " + name + " [" + length + " elements]";
    }
  }

  /** {@link SharedDoubleArray} across processes. */
  static final class Doubles extends ShmSharedArray implements SharedDoubleArray {
    @Serial private static final long serialVersionUID = 1L;

    Doubles(SharedSegment segment) {
      super(segment);
    }

    @Override
    SyncLayout.Kind kind() {
      return SyncLayout.Kind.DOUBLE_ARRAY;
    }

    @Override
    public double get(int index) {
      checkOpen();
      return Double.longBitsToDouble(MemoryAccess.longVolatile(m, offset(index)));
    }

    @Override
    public void set(int index, double value) {
      checkOpen();
      MemoryAccess.setLongVolatile(m, offset(index), Double.doubleToRawLongBits(value));
    }

    @Override
    public double addAndGet(int index, double delta) {
      checkOpen();
      return DoubleWords.addAndGet(m, offset(index), delta);
    }

    @Override
    public double[] toArray() {
      checkOpen();
      double[] copy = new double[length];
      for (int i = 0; i < length; i++) {
        copy[i] = get(i);
      }
      return copy;
    }

    @Override
    public String toString() {
      return "SharedDoubleArray " + name + " [" + length + " elements]";
    }
  }
}
