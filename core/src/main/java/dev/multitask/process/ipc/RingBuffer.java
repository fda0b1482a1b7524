package dev.multitask.process.ipc;

import static dev.multitask.process.ipc.RingDescriptor.LENGTH_OFFSET;
import static dev.multitask.process.ipc.RingDescriptor.MESSAGE;
import static dev.multitask.process.ipc.RingDescriptor.PADDING;
import static dev.multitask.process.ipc.RingDescriptor.RECORD_HEADER_LENGTH;
import static dev.multitask.process.ipc.RingDescriptor.TYPE_OFFSET;
import static dev.multitask.process.ipc.RingDescriptor.recordLength;

import dev.multitask.process.shm.MemoryAccess;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The record protocol of a ring in shared memory, apart from its locking: the byte records of
 * {@link RingDescriptor} in a data area, with a {@code tail} and a {@code head} counter at given
 * offsets. Callers serialize writers on one lock and readers on another (across processes), so this
 * class assumes one writer and one reader at a time; the process queues' chained rings (and, in the
 * tests, {@code SharedRing}) supply those locks.
 *
 * <p>Not thread-safe by itself: {@link #write} only under the writers' lock, {@link #read} only
 * under the readers' lock, each in one process at a time.
 */
final class RingBuffer {
  /*
   * Each side caches the other side's counter (head for writers, tail for readers) in a plain
   * field read under its lock: both counters only grow, so a stale copy only understates what is
   * available and is re-read then.
   */
  /**
   * Takes the readers' lock for {@link #write}'s rebase of an empty ring; returns it with {@link
   * #unlock}.
   */
  interface RebaseLock {
    void lock() throws InterruptedException;

    void unlock();
  }

  private final MemorySegment memory;
  private final String name;
  private final long tailOffset;
  private final long headOffset;
  private final long dataOffset;
  private final int capacity;
  private final int mask;
  private final RebaseLock rebaseLock;
  private long headCache; // writer side
  private long tailCache; // reader side

  /**
   * @param rebaseLock the readers' lock, for rings that must take a message of {@code capacity - 8}
   *     bytes wherever {@code tail} stands; null if every message takes at most half the capacity
   */
  RingBuffer(
      MemorySegment memory,
      String name,
      long tailOffset,
      long headOffset,
      long dataOffset,
      int capacity,
      RebaseLock rebaseLock) {
    this.memory = memory;
    this.name = name;
    this.tailOffset = tailOffset;
    this.headOffset = headOffset;
    this.dataOffset = dataOffset;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.rebaseLock = rebaseLock;
  }

  int capacity() {
    return capacity;
  }

  /**
   * Appends {@code msg} and publishes it; {@code false} if there is no room. Writers' lock held.
   */
  boolean write(byte[] msg) throws InterruptedException {
    final MemorySegment m = memory;
    long tail = tailAcquire();
    int index = (int) (tail & mask);
    int toEnd = capacity - index;
    int recordLength = recordLength(msg.length);
    if (recordLength > toEnd) {
      if (!hasRoom(tail, toEnd)) {
        return false;
      }
      if (toEnd + recordLength > capacity
          && hasRoom(tail, capacity)
          && rebaseIfEmpty(tail, toEnd)) {
        // the ring was empty: both counters now stand at the next lap, no padding needed
        return writeAt(msg, tail + toEnd, 0, recordLength);
      }
      // pad to the end and publish that alone: the message then starts at 0 whenever there is room
      long at = dataOffset + index;
      MemoryAccess.setIntPlain(m, at + TYPE_OFFSET, PADDING);
      MemoryAccess.setIntRelease(m, at + LENGTH_OFFSET, toEnd - RECORD_HEADER_LENGTH);
      tail += toEnd;
      setTailRelease(tail);
      index = 0;
    }
    return writeAt(msg, tail, index, recordLength);
  }

  private boolean writeAt(byte[] msg, long tail, int index, int recordLength) {
    final MemorySegment m = memory;
    if (!hasRoom(tail, recordLength)) {
      return false;
    }
    long at = dataOffset + index;
    MemorySegment.copy(msg, 0, m, ValueLayout.JAVA_BYTE, at + RECORD_HEADER_LENGTH, msg.length);
    MemoryAccess.setIntPlain(m, at + TYPE_OFFSET, MESSAGE);
    MemoryAccess.setIntRelease(m, at + LENGTH_OFFSET, msg.length);
    setTailRelease(tail + recordLength); // publishes the record
    return true;
  }

  /*
   * A record that must start at the next lap needs the padding consumed first; in an empty ring
   * nobody may be there to consume it (a message of capacity - 8 bytes could never be offered
   * without a reader). So the writer takes the readers' lock too (always in this order, and
   * readers never take the writers' lock) and moves head and tail together to the next lap.
   */
  private boolean rebaseIfEmpty(long tail, int toEnd) throws InterruptedException {
    if (rebaseLock == null) {
      return false;
    }
    rebaseLock.lock();
    try {
      if (headAcquire() != tail) {
        return false;
      }
      // a valid padding first: killed between the two stores below, we leave a consistent ring
      long at = dataOffset + (tail & mask);
      MemoryAccess.setIntPlain(memory, at + TYPE_OFFSET, PADDING);
      MemoryAccess.setIntRelease(memory, at + LENGTH_OFFSET, toEnd - RECORD_HEADER_LENGTH);
      setTailRelease(tail + toEnd);
      setHeadRelease(tail + toEnd);
      headCache = tail + toEnd;
      return true;
    } finally {
      rebaseLock.unlock();
    }
  }

  private boolean hasRoom(long tail, int bytes) {
    if (tail + bytes - headCache <= capacity) {
      return true;
    }
    headCache = headAcquire();
    return tail + bytes - headCache <= capacity;
  }

  /** Removes the next message; {@code null} if the ring is empty. Readers' lock held. */
  byte[] read() {
    return read(true);
  }

  /** The next message without removing it (padding before it is skipped); readers' lock held. */
  byte[] peek() {
    return read(false);
  }

  private byte[] read(boolean remove) {
    final MemorySegment m = memory;
    long head = headAcquire();
    while (true) {
      if (tailCache - head
          <= 0) { // head passes the cached tail when a writer rebased an empty ring
        tailCache = tailAcquire();
        if (tailCache == head) {
          return null;
        }
      }
      long tail = tailCache;
      int index = (int) (head & mask);
      long at = dataOffset + index;
      int length = MemoryAccess.intAcquire(m, at + LENGTH_OFFSET);
      int type = MemoryAccess.intPlain(m, at + TYPE_OFFSET);
      if (type == PADDING) {
        checkRecord(head, tail, type, length, capacity - index);
        head += capacity - index;
        setHeadRelease(head);
        continue;
      }
      checkRecord(head, tail, type, length, recordLength(Math.max(0, length)));
      byte[] msg = new byte[length];
      MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at + RECORD_HEADER_LENGTH, msg, 0, length);
      if (remove) {
        setHeadRelease(head + recordLength(length));
      }
      return msg;
    }
  }

  /**
   * Adds a copy of every published message, from {@code head} to {@code tail}, to {@code into} and
   * removes none: readers' lock held (or, for a ring no reader has reached, the lock of the reader
   * who will reach it first), so that {@code head} stays where it is.
   */
  void copyMessages(List<byte[]> into) {
    final MemorySegment m = memory;
    long head = headAcquire();
    long tail = tailAcquire();
    while (tail - head > 0) {
      int index = (int) (head & mask);
      long at = dataOffset + index;
      int length = MemoryAccess.intAcquire(m, at + LENGTH_OFFSET);
      int type = MemoryAccess.intPlain(m, at + TYPE_OFFSET);
      if (type == PADDING) {
        checkRecord(head, tail, type, length, capacity - index);
        head += capacity - index;
        continue;
      }
      checkRecord(head, tail, type, length, recordLength(Math.max(0, length)));
      byte[] msg = new byte[length];
      MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at + RECORD_HEADER_LENGTH, msg, 0, length);
      into.add(msg);
      head += recordLength(length);
    }
  }

  private void checkRecord(long head, long tail, int type, int length, int recordLength) {
    boolean ok =
        switch (type) {
          case MESSAGE ->
              length >= 0
                  && length <= capacity - RECORD_HEADER_LENGTH
                  && (head & mask) + recordLength <= capacity;
          case PADDING -> length == recordLength - RECORD_HEADER_LENGTH;
          default -> false;
        };
    if (!ok || head + recordLength > tail) {
      throw new IllegalStateException(
          "ring "
              + name
              + " is corrupt: record at head="
              + head
              + " has type="
              + type
              + ", length="
              + length
              + ", tail="
              + tail
              + ", capacity="
              + capacity);
    }
  }

  /** Whether a message of {@code length} bytes would fit now; any thread, no lock. */
  boolean hasRoomNow(int length) {
    long tail = tailVolatile();
    long head = headVolatile();
    int toEnd = capacity - (int) (tail & mask);
    int recordLength = recordLength(length);
    // what write() needs next: room for the padding to the end first if the record would cross it
    int needed = recordLength <= toEnd ? recordLength : toEnd;
    return tail + needed - head <= capacity;
  }

  /** Whether nothing is published past {@code head}; any thread, no lock. */
  boolean isEmptyNow() {
    return tailVolatile() == headVolatile();
  }

  /** Whether something is published past {@code head}, with acquire reads, for spinning. */
  boolean hasMessageAcquire() {
    return tailAcquire() != headAcquire();
  }

  // the two counters, with their access modes in the name
  long headAcquire() {
    return MemoryAccess.longAcquire(memory, headOffset);
  }

  private long headVolatile() {
    return MemoryAccess.longVolatile(memory, headOffset);
  }

  private void setHeadRelease(long head) {
    MemoryAccess.setLongRelease(memory, headOffset, head);
  }

  long tailAcquire() {
    return MemoryAccess.longAcquire(memory, tailOffset);
  }

  private long tailVolatile() {
    return MemoryAccess.longVolatile(memory, tailOffset);
  }

  private void setTailRelease(long tail) {
    MemoryAccess.setLongRelease(memory, tailOffset, tail);
  }
}
