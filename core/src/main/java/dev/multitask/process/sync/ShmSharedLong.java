package dev.multitask.process.sync;

import static dev.multitask.process.sync.SyncLayout.VALUE_OFFSET;

import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.shared.SharedLong;
import java.io.Serial;

/** {@link SharedLong} across processes: one 64-bit word, changed with atomic instructions. */
final class ShmSharedLong extends SharedWords implements SharedLong {
  @Serial private static final long serialVersionUID = 1L;

  ShmSharedLong(SharedSegment segment) {
    super(segment);
  }

  static ShmSharedLong create(long initial) {
    SharedSegment segment = create(SyncLayout.Kind.LONG, VALUE_OFFSET + 64, 0, false, 0);
    MemoryAccess.setLongVolatile(segment.memory(), VALUE_OFFSET, initial);
    return new ShmSharedLong(segment);
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.LONG;
  }

  @Override
  public long get() {
    checkOpen();
    return MemoryAccess.longVolatile(m, VALUE_OFFSET);
  }

  @Override
  public void set(long value) {
    checkOpen();
    MemoryAccess.setLongVolatile(m, VALUE_OFFSET, value);
  }

  @Override
  public long addAndGet(long delta) {
    checkOpen();
    return MemoryAccess.getAndAddLong(m, VALUE_OFFSET, delta) + delta;
  }

  @Override
  public long getAndAdd(long delta) {
    checkOpen();
    return MemoryAccess.getAndAddLong(m, VALUE_OFFSET, delta);
  }

  @Override
  public boolean compareAndSet(long expected, long value) {
    checkOpen();
    return MemoryAccess.casLong(m, VALUE_OFFSET, expected, value);
  }

  @Override
  public String toString() {
    return "SharedLong " + name + " [" + get() + "]";
  }
}
