package dev.multitask.process.ipc;

import static dev.multitask.process.ipc.ChainDescriptor.*;

import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import java.lang.foreign.MemorySegment;

/**
 * One ring of a first-in-first-out process queue's chain, as mapped by one side (producers or
 * consumers) of one process; the layout and the sealing rule are in {@link ChainDescriptor}. Used
 * only under the queue's producer lock (writing, sealing) or consumer lock (reading).
 */
final class ChainRing implements AutoCloseable {
  private final SharedSegment segment;
  private final MemorySegment memory;
  final RingBuffer buffer;

  private ChainRing(SharedSegment segment, int capacity) {
    this.segment = segment;
    this.memory = segment.memory();
    this.buffer =
        new RingBuffer(
            memory, segment.name(), TAIL_OFFSET, HEAD_OFFSET, DATA_OFFSET, capacity, null);
  }

  /** Creates an empty ring of {@code capacity} data bytes whose name carries {@code ownerPid}. */
  static ChainRing create(long ownerPid, int capacity) {
    RingDescriptor.checkCapacity(capacity);
    SharedSegment segment = SharedSegment.createFor(ownerPid, DATA_OFFSET + capacity);
    MemorySegment m = segment.memory();
    MemoryAccess.setIntRelease(m, VERSION_OFFSET, VERSION);
    MemoryAccess.setLongRelease(m, CAPACITY_OFFSET, capacity);
    MemoryAccess.setIntRelease(m, MAGIC_OFFSET, MAGIC);
    return new ChainRing(segment, capacity);
  }

  /** Maps the ring named {@code name}. */
  static ChainRing attach(String name) {
    SharedSegment segment = SharedSegment.attach(name);
    MemorySegment m = segment.memory();
    int magic = segment.size() >= DATA_OFFSET ? MemoryAccess.intAcquire(m, MAGIC_OFFSET) : 0;
    long capacity = magic == MAGIC ? MemoryAccess.longAcquire(m, CAPACITY_OFFSET) : 0;
    int version = magic == MAGIC ? MemoryAccess.intAcquire(m, VERSION_OFFSET) : 0;
    if (magic != MAGIC || version != VERSION || capacity + DATA_OFFSET != segment.size()) {
      segment.close();
      throw new IllegalStateException(
          "segment "
              + name
              + " is not a version "
              + VERSION
              + " queue ring: magic="
              + Integer.toHexString(magic)
              + ", version="
              + version
              + ", capacity="
              + capacity);
    }
    return new ChainRing(segment, (int) capacity);
  }

  String name() {
    return segment.name();
  }

  int capacity() {
    return buffer.capacity();
  }

  /**
   * Whether a producer has moved on to the next ring; read before the emptiness check (see the
   * rule).
   */
  boolean sealedAcquire() {
    return MemoryAccess.intAcquire(memory, SEALED_OFFSET) != 0;
  }

  /** Names the next ring, then seals this one (release): producer lock held. */
  void seal(String next) {
    MemoryAccess.setAscii(memory, NEXT_NAME_OFFSET, (int) (DATA_OFFSET - NEXT_NAME_OFFSET), next);
    MemoryAccess.setIntRelease(memory, SEALED_OFFSET, 1);
  }

  /** The ring after this sealed one. */
  String nextName() {
    return MemoryAccess.ascii(memory, NEXT_NAME_OFFSET, (int) (DATA_OFFSET - NEXT_NAME_OFFSET));
  }

  /** Removes the name: every record has been consumed, nobody needs to attach any more. */
  void unlink() {
    segment.unlink();
  }

  /** Unmaps this side's mapping. */
  @Override
  public void close() {
    segment.close();
  }
}
