package dev.multitask.process.sync;

import dev.multitask.process.shm.SharedSegment;
import dev.multitask.sync.Lock;
import java.io.Serial;

/**
 * What the shared values and arrays have in common: 64-bit words from {@link
 * SyncLayout#VALUE_OFFSET} and a {@link #lock()} over the segment's mutex, made once per object and
 * JVM, over the object's own mapping.
 */
abstract class SharedWords extends ShmSyncObject {
  @Serial private static final long serialVersionUID = 1L;

  private transient volatile ShmLock lock;

  SharedWords(SharedSegment segment) {
    super(segment);
  }

  /**
   * The value's own lock, as {@code Value.get_lock()}: the segment's mutex, shared by every
   * process.
   */
  public final Lock lock() {
    ShmLock l = lock;
    if (l == null) {
      synchronized (this) {
        l = lock;
        if (l == null) {
          l = view(SyncLayout.Kind.LOCK, name, () -> new ShmLock(segment, this));
          lock = l;
        }
      }
    }
    return l;
  }
}
