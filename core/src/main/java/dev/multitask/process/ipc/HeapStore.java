package dev.multitask.process.ipc;

import static dev.multitask.process.ipc.HeapDescriptor.*;

import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The elements of a LIFO or priority process queue: records in an arena, indexed by a binary heap
 * of their offsets, all in one segment (layout and commit rule in {@link HeapDescriptor}). A full
 * segment is replaced by a larger one holding only the live records, named in the control segment;
 * other processes notice the new generation and map it. LIFO order compares insertion sequences;
 * priority order decodes the two elements and asks the comparator, equal elements coming out in
 * insertion order. Everything happens under the queue's producer lock.
 */
final class HeapStore implements ElementStore {
  private final QueueControl control;
  private final Comparator<byte[]> elementOrder; // null: LIFO
  private SharedSegment segment;
  private MemorySegment m;
  private long gen = -1;

  private HeapStore(QueueControl control, Comparator<byte[]> elementOrder) {
    this.control = control;
    this.elementOrder = elementOrder;
  }

  /**
   * @param elementOrder the order of two encoded elements, or null for last-in-first-out
   */
  static HeapStore create(QueueControl control, Comparator<byte[]> elementOrder) {
    HeapStore store = new HeapStore(control, elementOrder);
    SharedSegment first = newSegment(control.ownerPid, FIRST_SLOTS, FIRST_ARENA_BYTES);
    control.setWriteName(first.name());
    first.close();
    return store;
  }

  static HeapStore attach(QueueControl control, Comparator<byte[]> elementOrder) {
    return new HeapStore(control, elementOrder);
  }

  private static SharedSegment newSegment(long ownerPid, int slots, long arenaBytes) {
    SharedSegment s = SharedSegment.createFor(ownerPid, arenaOffset(slots) + arenaBytes);
    MemorySegment m = s.memory();
    MemoryAccess.setIntPlain(m, VERSION_OFFSET, VERSION);
    MemoryAccess.setLongPlain(m, ARENA_BYTES_OFFSET, arenaBytes);
    MemoryAccess.setIntPlain(m, SLOTS_OFFSET, slots);
    MemoryAccess.setIntRelease(m, MAGIC_OFFSET, MAGIC);
    return s;
  }

  @Override
  public boolean readsUnderProducerLock() {
    return true;
  }

  @Override
  public void write(byte[] element) {
    map();
    long recordLength = recordLength(element.length);
    if (count() == slots() || top() + recordLength > arenaBytes()) {
      grow(recordLength);
    }
    long at = arena() + top();
    MemoryAccess.setIntPlain(m, at + RECORD_LENGTH_OFFSET, element.length);
    MemoryAccess.setIntPlain(m, at + RECORD_LIVE_OFFSET, 0);
    long sequence = MemoryAccess.longPlain(m, NEXT_SEQUENCE_OFFSET);
    MemoryAccess.setLongPlain(m, at + RECORD_SEQUENCE_OFFSET, sequence);
    MemorySegment.copy(element, 0, m, ValueLayout.JAVA_BYTE, at + RECORD_HEADER, element.length);
    // where it settles, found by comparisons alone before anything is committed: a comparator
    // that throws (an element of another type) leaves the store as it was
    long offset = at - arena();
    int count = count();
    int target = count;
    while (target > 0 && before(offset, slot((target - 1) >>> 1))) {
      target = (target - 1) >>> 1;
    }
    MemoryAccess.setLongPlain(m, NEXT_SEQUENCE_OFFSET, sequence + 1);
    MemoryAccess.setLongRelease(m, ARENA_TOP_OFFSET, top() + recordLength);
    MemoryAccess.setIntRelease(m, at + RECORD_LIVE_OFFSET, 1); // commits the put
    for (int i = count; i > target; i = (i - 1) >>> 1) {
      setSlot(i, slot((i - 1) >>> 1));
    }
    setSlot(target, offset);
    setCount(count + 1);
  }

  @Override
  public byte[] read() {
    map();
    int count = count();
    if (count == 0) {
      return null;
    }
    long offset = slot(0);
    byte[] element = element(offset);
    MemoryAccess.setIntRelease(m, arena() + offset + RECORD_LIVE_OFFSET, 0); // commits the take
    setSlot(0, slot(count - 1));
    setCount(count - 1);
    if (count > 1) {
      siftDown(0);
    }
    if (offset + recordLength(element.length) == top()) {
      MemoryAccess.setLongRelease(
          m, ARENA_TOP_OFFSET, offset); // a stack frees its top record at once
    }
    return element;
  }

  @Override
  public byte[] peek() {
    map();
    return count() == 0 ? null : element(slot(0));
  }

  /** Copies the records the slots index (the live ones), sorted by their sequence numbers. */
  @Override
  public List<byte[]> snapshot() {
    map();
    int count = count();
    List<Live> live = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long offset = slot(i);
      live.add(
          new Live(MemoryAccess.longPlain(m, arena() + offset + RECORD_SEQUENCE_OFFSET), offset));
    }
    live.sort(Comparator.comparingLong(Live::sequence));
    List<byte[]> elements = new ArrayList<>(count);
    for (Live record : live) {
      elements.add(element(record.offset()));
    }
    return elements;
  }

  private record Live(long sequence, long offset) {}

  @Override
  public boolean hasElement() {
    map();
    return count() > 0;
  }

  @Override
  public void recover(boolean producerLock) {
    control.bumpWriteGen();
    map();
    // the slots may be mid-sift: rebuild them from the live records, the commit points
    int count = 0;
    long arena = arena();
    for (long offset = 0;
        offset < top();
        offset += recordLength(MemoryAccess.intPlain(m, arena + offset))) {
      if (MemoryAccess.intPlain(m, arena + offset + RECORD_LIVE_OFFSET) == 1) {
        setSlot(count++, offset);
      }
    }
    setCount(count);
    heapify();
  }

  // a larger segment with only the live records; named in the control segment once complete
  private void grow(long needed) {
    int count = count();
    long live = needed;
    for (int i = 0; i < count; i++) {
      live += recordLength(MemoryAccess.intPlain(m, arena() + slot(i)));
    }
    long arenaBytes = Math.max(FIRST_ARENA_BYTES, Long.highestOneBit(live * 2 - 1) << 1);
    int slots = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(FIRST_SLOTS, 2L * (count + 1)));
    SharedSegment bigger = newSegment(control.ownerPid, slots, arenaBytes);
    MemorySegment to = bigger.memory();
    long toArena = arenaOffset(slots);
    long top = 0;
    for (int i = 0; i < count; i++) {
      long from = arena() + slot(i);
      long length = recordLength(MemoryAccess.intPlain(m, from));
      MemorySegment.copy(m, from, to, toArena + top, length);
      MemoryAccess.setLongPlain(
          to, SLOT_ARRAY_OFFSET + 8L * i, top); // same heap order: still a heap
      top += length;
    }
    MemoryAccess.setIntPlain(to, COUNT_OFFSET, count);
    MemoryAccess.setLongPlain(to, ARENA_TOP_OFFSET, top);
    MemoryAccess.setLongPlain(
        to, NEXT_SEQUENCE_OFFSET, MemoryAccess.longPlain(m, NEXT_SEQUENCE_OFFSET));
    gen = control.setWriteName(bigger.name());
    segment.unlink();
    segment.close();
    segment = bigger;
    m = to;
  }

  private void map() {
    long current = control.writeGenAcquire();
    if (segment == null || current != gen) {
      SharedSegment s = SharedSegment.attach(control.writeName());
      if (MemoryAccess.intAcquire(s.memory(), MAGIC_OFFSET) != MAGIC) {
        s.close();
        throw new IllegalStateException("segment " + s.name() + " is not a queue heap");
      }
      if (segment != null) {
        segment.close();
      }
      segment = s;
      m = s.memory();
      gen = current;
    }
  }

  // the heap: slot i's parent is (i - 1) / 2; the entry that comes out first is at 0
  private boolean before(long a, long b) {
    long sa = MemoryAccess.longPlain(m, arena() + a + RECORD_SEQUENCE_OFFSET);
    long sb = MemoryAccess.longPlain(m, arena() + b + RECORD_SEQUENCE_OFFSET);
    if (elementOrder == null) {
      return sa > sb; // last in, first out
    }
    int c = elementOrder.compare(element(a), element(b));
    return c != 0 ? c < 0 : sa < sb;
  }

  private void siftDown(int i) {
    int count = count();
    long x = slot(i);
    while (true) {
      int child = 2 * i + 1;
      if (child >= count) {
        break;
      }
      long c = slot(child);
      if (child + 1 < count && before(slot(child + 1), c)) {
        c = slot(++child);
      }
      if (!before(c, x)) {
        break;
      }
      setSlot(i, c);
      i = child;
    }
    setSlot(i, x);
  }

  private void heapify() {
    for (int i = count() / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  private byte[] element(long offset) {
    long at = arena() + offset;
    int length = MemoryAccess.intPlain(m, at + RECORD_LENGTH_OFFSET);
    byte[] bytes = new byte[length];
    MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at + RECORD_HEADER, bytes, 0, length);
    return bytes;
  }

  private long arena() {
    return arenaOffset(slots());
  }

  private int slots() {
    return MemoryAccess.intPlain(m, SLOTS_OFFSET);
  }

  private long arenaBytes() {
    return MemoryAccess.longPlain(m, ARENA_BYTES_OFFSET);
  }

  private int count() {
    return MemoryAccess.intPlain(m, COUNT_OFFSET);
  }

  private void setCount(int count) {
    MemoryAccess.setIntPlain(m, COUNT_OFFSET, count);
  }

  private long top() {
    return MemoryAccess.longPlain(m, ARENA_TOP_OFFSET);
  }

  private long slot(int i) {
    return MemoryAccess.longPlain(m, SLOT_ARRAY_OFFSET + 8L * i);
  }

  private void setSlot(int i, long offset) {
    MemoryAccess.setLongPlain(m, SLOT_ARRAY_OFFSET + 8L * i, offset);
  }

  @Override
  public void close() {
    if (segment != null) {
      segment.close();
      segment = null;
    }
  }
}
