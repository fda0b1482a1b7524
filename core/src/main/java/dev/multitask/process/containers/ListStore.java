package dev.multitask.process.containers;

import static dev.multitask.process.containers.ListDescriptor.ARENA_OFFSET;
import static dev.multitask.process.containers.ListDescriptor.ARENA_START_OFFSET;
import static dev.multitask.process.containers.ListDescriptor.ARRAY;
import static dev.multitask.process.containers.ListDescriptor.BLOB;
import static dev.multitask.process.containers.ListDescriptor.CHUNK_HEADER;
import static dev.multitask.process.containers.ListDescriptor.CHUNK_LENGTH;
import static dev.multitask.process.containers.ListDescriptor.CHUNK_STATE;
import static dev.multitask.process.containers.ListDescriptor.INDEX_OFFSET;
import static dev.multitask.process.containers.ListDescriptor.MAGIC;
import static dev.multitask.process.containers.ListDescriptor.MAGIC_OFFSET;
import static dev.multitask.process.containers.ListDescriptor.MIN_CAPACITY;
import static dev.multitask.process.containers.ListDescriptor.SEGMENT_BYTES_OFFSET;
import static dev.multitask.process.containers.ListDescriptor.TOP_OFFSET;
import static dev.multitask.process.containers.ListDescriptor.VERSION;
import static dev.multitask.process.containers.ListDescriptor.VERSION_OFFSET;

import dev.multitask.process.shm.MemoryAccess;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The operations of a shared list on its data segment ({@link ListDescriptor}): an array of refs to
 * immutable element blobs, replaced as a whole by any change but an append into spare capacity, the
 * replacement of one element, or a truncation. Every method runs under the container's mutex; those
 * that add bytes require {@link #fits} first, and the caller moves the list to a larger (or
 * compacted) segment ({@link #copy}) when it does not.
 */
final class ListStore {
  /** The smallest data segment: two pages. */
  static final long MIN_SEGMENT = 8 * 1024;

  private static final long PAGE = 4096;

  private ListStore() {}

  /**
   * Lays out an empty list with room for {@code capacity} refs in a zeroed segment of {@code
   * bytes}.
   */
  static void format(MemorySegment d, long bytes, int capacity) {
    MemoryAccess.setIntPlain(d, VERSION_OFFSET, VERSION);
    MemoryAccess.setLongPlain(d, SEGMENT_BYTES_OFFSET, bytes);
    MemoryAccess.setLongPlain(d, ARENA_START_OFFSET, ARENA_OFFSET);
    MemoryAccess.setLongPlain(d, TOP_OFFSET, ARENA_OFFSET);
    long array = allocate(d, ListDescriptor.arrayLength(capacity), ARRAY);
    MemoryAccess.setLongPlain(d, INDEX_OFFSET, ListDescriptor.indexWord(array, 0));
    MemoryAccess.setIntRelease(d, MAGIC_OFFSET, MAGIC);
  }

  /** The format of a new segment for a list of {@code size} elements. */
  static Container.DataFormat formatFor(int size) {
    int capacity = capacityFor(size);
    return (d, bytes) -> format(d, bytes, capacity);
  }

  /** The capacity of a new array for {@code size} elements: room to grow by half. */
  static int capacityFor(int size) {
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_CAPACITY, size + (long) size / 2));
  }

  static int size(MemorySegment d) {
    return ListDescriptor.sizeOf(MemoryAccess.longPlain(d, INDEX_OFFSET));
  }

  private static long array(MemorySegment d) {
    return ListDescriptor.arrayOf(MemoryAccess.longPlain(d, INDEX_OFFSET));
  }

  private static int capacity(MemorySegment d, long array) {
    return (MemoryAccess.intPlain(d, array + CHUNK_LENGTH) - (int) CHUNK_HEADER) / 8;
  }

  private static long top(MemorySegment d) {
    return MemoryAccess.longPlain(d, TOP_OFFSET);
  }

  /** Whether {@code need} more bytes fit above top. */
  static boolean fits(MemorySegment d, long need) {
    return top(d) + need <= MemoryAccess.longPlain(d, SEGMENT_BYTES_OFFSET);
  }

  /** The ref of element {@code i} (in range). */
  static long ref(MemorySegment d, int i) {
    return MemoryAccess.longPlain(d, array(d) + CHUNK_HEADER + 8L * i);
  }

  /** Every ref, in order. */
  static long[] refs(MemorySegment d) {
    long array = array(d);
    long[] refs = new long[size(d)];
    MemorySegment.copy(d, ValueLayout.JAVA_LONG, array + CHUNK_HEADER, refs, 0, refs.length);
    return refs;
  }

  /** The bytes an element's ref points to. */
  static byte[] bytes(MemorySegment d, long ref) {
    byte[] value = new byte[ListDescriptor.lengthOf(ref)];
    MemorySegment.copy(
        d,
        ValueLayout.JAVA_BYTE,
        ListDescriptor.blobOf(ref) + CHUNK_HEADER,
        value,
        0,
        value.length);
    return value;
  }

  /** The bytes of element {@code i} (in range). */
  static byte[] element(MemorySegment d, int i) {
    return bytes(d, ref(d, i));
  }

  private static long allocate(MemorySegment d, long length, int state) {
    long at = top(d);
    MemoryAccess.setIntPlain(d, at + CHUNK_LENGTH, (int) length);
    MemoryAccess.setIntPlain(d, at + CHUNK_STATE, state);
    MemoryAccess.setLongRelease(d, TOP_OFFSET, at + length);
    return at;
  }

  /**
   * Writes {@code value} into a new blob and returns its ref; invisible until a ref is published.
   */
  static long blob(MemorySegment d, byte[] value) {
    long at = top(d);
    MemorySegment.copy(value, 0, d, ValueLayout.JAVA_BYTE, at + CHUNK_HEADER, value.length);
    return ListDescriptor.ref(
        allocate(d, ListDescriptor.blobLength(value.length), BLOB), value.length);
  }

  /** The blob bytes {@code values} take. */
  static long blobBytes(List<byte[]> values) {
    long total = 0;
    for (byte[] v : values) {
      total += ListDescriptor.blobLength(v.length);
    }
    return total;
  }

  /**
   * The bytes appending {@code values} needs: their blobs, and a new array if the old one is full.
   */
  static long appendNeed(MemorySegment d, List<byte[]> values) {
    int size = size(d);
    long need = blobBytes(values);
    if ((long) size + values.size() > capacity(d, array(d))) {
      need += ListDescriptor.arrayLength(capacityFor(size + values.size()));
    }
    return need;
  }

  /**
   * Appends {@code values} ({@link #fits} the {@link #appendNeed}); the index word commits them
   * all.
   */
  static void append(MemorySegment d, List<byte[]> values) {
    int size = size(d);
    long total = (long) size + values.size();
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "a shared list holds at most " + (Integer.MAX_VALUE - 8) + " elements");
    }
    long[] added = new long[values.size()];
    for (int i = 0; i < added.length; i++) {
      added[i] = blob(d, values.get(i));
    }
    long array = array(d);
    if (total > capacity(d, array)) {
      long[] refs = new long[(int) total];
      System.arraycopy(refs(d), 0, refs, 0, size);
      System.arraycopy(added, 0, refs, size, added.length);
      publish(d, refs);
      return;
    }
    MemorySegment.copy(
        added, 0, d, ValueLayout.JAVA_LONG, array + CHUNK_HEADER + 8L * size, added.length);
    MemoryAccess.setLongRelease(
        d, INDEX_OFFSET, ListDescriptor.indexWord(array, (int) total)); // the commit point
  }

  /**
   * Replaces element {@code i} by a new blob ({@link #fits} its blob length); the ref store commits
   * it.
   */
  static void set(MemorySegment d, int i, byte[] value) {
    long ref = blob(d, value);
    MemoryAccess.setLongRelease(d, array(d) + CHUNK_HEADER + 8L * i, ref); // the commit point
  }

  /** The bytes {@link #publish} of {@code size} refs needs. */
  static long publishNeed(int size) {
    return ListDescriptor.arrayLength(capacityFor(size));
  }

  /**
   * Makes {@code refs} the list, in a new array ({@link #fits} the {@link #publishNeed}): the index
   * word commits it.
   */
  static void publish(MemorySegment d, long[] refs) {
    long array = allocate(d, ListDescriptor.arrayLength(capacityFor(refs.length)), ARRAY);
    MemorySegment.copy(refs, 0, d, ValueLayout.JAVA_LONG, array + CHUNK_HEADER, refs.length);
    MemoryAccess.setLongRelease(
        d, INDEX_OFFSET, ListDescriptor.indexWord(array, refs.length)); // the commit point
  }

  /** Keeps the first {@code size} elements (no more than there are): one store. */
  static void truncate(MemorySegment d, int size) {
    MemoryAccess.setLongRelease(
        d, INDEX_OFFSET, ListDescriptor.indexWord(array(d), size)); // the commit point
  }

  /** A segment size for this list plus {@code need} bytes, compacted. */
  static long grownBytes(MemorySegment d, long need) {
    long live = ListDescriptor.arrayLength(capacityFor(size(d)));
    for (long ref : refs(d)) {
      live += ListDescriptor.blobLength(ListDescriptor.lengthOf(ref));
    }
    long bytes = ARENA_OFFSET + 2 * (live + need);
    return Math.max(MIN_SEGMENT, (bytes + PAGE - 1) / PAGE * PAGE);
  }

  /** Fills the empty list {@code to} with the elements of {@code from}, in order: a compaction. */
  static void copy(MemorySegment from, MemorySegment to) {
    long[] refs = refs(from);
    long[] copied = new long[refs.length];
    for (int i = 0; i < refs.length; i++) {
      copied[i] = blob(to, bytes(from, refs[i]));
    }
    long array = array(to);
    MemorySegment.copy(copied, 0, to, ValueLayout.JAVA_LONG, array + CHUNK_HEADER, copied.length);
    MemoryAccess.setLongRelease(to, INDEX_OFFSET, ListDescriptor.indexWord(array, copied.length));
  }

  /** Nothing to do: every word of the list is a commit point (see {@link ListDescriptor}). */
  static void repair(MemorySegment d) {
    // the index word, the refs and top are all authoritative; what a dead writer left above them is
    // garbage
  }
}
