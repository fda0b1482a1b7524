package dev.multitask.process.sync;

import dev.multitask.engine.deadlock.Holder;
import dev.multitask.engine.deadlock.WaitGraph;
import dev.multitask.engine.deadlock.Waitable;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;

/**
 * Each process's table of its threads that wait for a process lock, in shared memory, so that a
 * walk of the wait-for graph can cross into other processes. Made on the first such wait, named
 * after the pid ({@link SharedSegment#createWellKnown}), removed with the process's other segments.
 *
 * <pre>
 * offset  size
 *      0     4  magic 'WAIT' (release-stored last at creation)
 *     64    64  slot 0: [0,8) thread id (0 free, -1 being written, else the waiter; release-stored)
 *                       [8,64) name of the awaited lock's segment (ASCII, NUL-padded)
 *    128    64  slot 1 ... up to slot 62
 * </pre>
 *
 * A reader takes a slot's name only if its thread id reads the same before and after. A process
 * with more than 63 threads waiting at once publishes the first 63; the others are not seen by
 * other processes' walks (their own process still sees them).
 */
public final class RemoteWaits {
  /** A lock that other processes can name: the segment it lives in. */
  public interface Named {
    String lockName();
  }

  /** A published wait; {@link #clear()} when it ends. */
  public interface Slot {
    void clear();
  }

  /**
   * The last part of a table's segment name, after {@code multitask-<pid>-}: one per process, kept
   * until it exits.
   */
  public static final String TABLE_SUFFIX = "00000000000000f0";

  private static final int SIZE = 4096;
  private static final int MAGIC = 0x57414954;
  private static final int SLOT_BYTES = 64;
  private static final int SLOTS = SIZE / SLOT_BYTES - 1;
  private static final int NAME_BYTES = 56;

  private static volatile Function<String, Waitable> resolver; // null: none yet
  private static SharedSegment own; // guarded by RemoteWaits.class

  private RemoteWaits() {}

  /** The wait-for graph's view of other processes: through these tables. */
  static final WaitGraph.Remote REMOTE =
      new WaitGraph.Remote() {
        @Override
        public Runnable publish(long threadId, Waitable lock) {
          if (!(lock instanceof Named named)) {
            return null;
          }
          Slot slot = RemoteWaits.publish(threadId, named.lockName());
          return slot::clear;
        }

        @Override
        public Waitable waitingFor(Holder holder) {
          return RemoteWaits.waitingFor(holder);
        }
      };

  /** Installs how a lock name becomes a {@link Waitable} (by the process-lock implementation). */
  public static void resolver(Function<String, Waitable> r) {
    resolver = r;
  }

  public static Slot publish(long tid, String lockName) {
    MemorySegment m = table();
    for (int i = 0; i < SLOTS; i++) {
      long at = (long) (i + 1) * SLOT_BYTES;
      if (MemoryAccess.longPlain(m, at) == 0 && MemoryAccess.casLong(m, at, 0, -1)) {
        MemoryAccess.setAscii(m, at + 8, NAME_BYTES, lockName);
        MemoryAccess.setLongRelease(m, at, tid);
        return () -> MemoryAccess.setLongRelease(m, at, 0);
      }
    }
    return () -> {};
  }

  private static synchronized MemorySegment table() {
    if (own == null) {
      own = SharedSegment.createWellKnown(TABLE_SUFFIX, SIZE);
      MemoryAccess.setIntRelease(own.memory(), 0, MAGIC);
    }
    return own.memory();
  }

  /**
   * The lock {@code holder}, a thread of another process, waits for now; {@code null} if none or
   * unknown.
   */
  public static Waitable waitingFor(Holder holder) {
    String name;
    try (SharedSegment table =
        SharedSegment.attach(SharedSegment.wellKnownName(holder.pid(), TABLE_SUFFIX))) {
      name = find(table.memory(), holder.threadId());
    } catch (RuntimeException noTable) {
      return null; // that process never waited for a process lock, or is gone
    }
    Function<String, Waitable> r = resolver;
    return name == null || r == null ? null : r.apply(name);
  }

  private static String find(MemorySegment m, long tid) {
    if (m.byteSize() < SIZE || MemoryAccess.intAcquire(m, 0) != MAGIC) {
      return null;
    }
    for (int i = 0; i < SLOTS; i++) {
      long at = (long) (i + 1) * SLOT_BYTES;
      if (MemoryAccess.longAcquire(m, at) == tid) {
        String name = MemoryAccess.ascii(m, at + 8, NAME_BYTES);
        if (MemoryAccess.longAcquire(m, at) == tid) {
          return name;
        }
      }
    }
    return null;
  }
}
