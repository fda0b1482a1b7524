package dev.multitask.engine;

import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.io.Serial;
import java.io.Serializable;

/**
 * Shared values without a lock, as Python's {@code Value(t, v, lock=False)} and {@code RawValue},
 * {@code Array(t, n, lock=False)} and {@code RawArray}: each wraps a backend's value and refuses
 * {@code lock()} (Python's raw objects have no {@code get_lock()}). Every other operation is the
 * backend's, atomic per element as before: multitask's values need no lock to be read, written or
 * updated atomically. The wrappers are serializable, so a process value still travels as its
 * handle.
 */
public final class RawShared {
  private RawShared() {}

  private static UnsupportedOperationException noLock(Object value) {
    return new UnsupportedOperationException(
        value
            + " was made without a lock (lock=false,"
            + " Python's RawValue/RawArray): make it with a lock for lock(), or use a ctx.lock()");
  }

  /** A {@link SharedLong} without a lock. */
  static final class RawLong implements SharedLong, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a backend's value: a process value travels as a handle
    private final SharedLong value;

    RawLong(SharedLong value) {
      this.value = value;
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
      throw noLock(this);
    }

    @Override
    public String toString() {
      return value + " (no lock)";
    }
  }

  /** A {@link SharedDouble} without a lock. */
  static final class RawDouble implements SharedDouble, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a backend's value: a process value travels as a handle
    private final SharedDouble value;

    RawDouble(SharedDouble value) {
      this.value = value;
    }

    @Override
    public double get() {
      return value.get();
    }

    @Override
    public void set(double newValue) {
      value.set(newValue);
    }

    @Override
    public double addAndGet(double delta) {
      return value.addAndGet(delta);
    }

    @Override
    public boolean compareAndSet(double expected, double newValue) {
      return value.compareAndSet(expected, newValue);
    }

    @Override
    public Lock lock() {
      throw noLock(this);
    }

    @Override
    public String toString() {
      return value + " (no lock)";
    }
  }

  /** A {@link SharedLongArray} without a lock. */
  static final class RawLongArray implements SharedLongArray, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a backend's array: a process array travels as a handle
    private final SharedLongArray array;

    RawLongArray(SharedLongArray array) {
      this.array = array;
    }

    @Override
    public int length() {
      return array.length();
    }

    @Override
    public long get(int index) {
      return array.get(index);
    }

    @Override
    public void set(int index, long value) {
      array.set(index, value);
    }

    @Override
    public long addAndGet(int index, long delta) {
      return array.addAndGet(index, delta);
    }

    @Override
    public boolean compareAndSet(int index, long expected, long value) {
      return array.compareAndSet(index, expected, value);
    }

    @Override
    public long[] toArray() {
      return array.toArray();
    }

    @Override
    public Lock lock() {
      throw noLock(this);
    }

    @Override
    public String toString() {
      return array + " (no lock)";
    }
  }

  /** A {@link SharedDoubleArray} without a lock. */
  static final class RawDoubleArray implements SharedDoubleArray, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a backend's array: a process array travels as a handle
    private final SharedDoubleArray array;

    RawDoubleArray(SharedDoubleArray array) {
      this.array = array;
    }

    @Override
    public int length() {
      return array.length();
    }

    @Override
    public double get(int index) {
      return array.get(index);
    }

    @Override
    public void set(int index, double value) {
      array.set(index, value);
    }

    @Override
    public double addAndGet(int index, double delta) {
      return array.addAndGet(index, delta);
    }

    @Override
    public double[] toArray() {
      return array.toArray();
    }

    @Override
    public Lock lock() {
      throw noLock(this);
    }

    @Override
    public String toString() {
      return array + " (no lock)";
    }
  }
}
