package dev.multitask.process.containers;

/**
 * Offsets and constants of a shared list's data segment ({@link ListStore}); nothing else. All of
 * it is guarded by the container's mutex ({@link ContainerDescriptor}).
 *
 * <pre>
 *   offset 0        4        8                16                               24
 *          +--------+--------+----------------+--------------------------------+
 *      0   | magic  | version| segment bytes  | index word                     |
 *          +--------+--------+----------------+--------------------------------+
 *     24   | arena start    | top            |   unused (to 64)                   |
 *          +----------------+----------------+------------------------------------+
 *     64   | arena: chunks up to top, 8-byte aligned                               |
 *          +------------------------------------------------------------------------+
 *
 *   chunk:  0        4        8
 *          +--------+--------+--------------------------------------------------+
 *   array  | length | state  | element refs: (length - 8) / 8 longs (the capacity)  |
 *   blob   | length | state  | an element's bytes                                   |
 *
 *   index word: (array chunk offset / 8) &lt;&lt; 32 | size
 *   element ref: (blob chunk offset / 8) &lt;&lt; 32 | length of the element's bytes
 * </pre>
 *
 * <p><b>The rule that makes it safe:</b> the {@code index word} is the list: which array chunk
 * holds the element refs and how many of them count. Every change writes what it needs above {@code
 * top} (new blobs, and a new array chunk unless it only appends into spare capacity or replaces one
 * ref), moves {@code top} past it, and then publishes with one store (release): the index word, or
 * for a replaced element its ref in the array. A writer killed before that store leaves the list as
 * it was, plus garbage; one killed after it leaves the change complete. Nothing is derived, so a
 * locker that takes the mutex over from a dead holder has nothing to repair ({@link
 * ListStore#repair}). Blobs are never changed once published, so several refs may share one (after
 * {@code repeat}).
 *
 * <p>Limits: up to 2^31 - 1 elements of up to 2^31 - 1 bytes each, segments of up to 16 GiB.
 */
final class ListDescriptor {
  static final int MAGIC = 0x4d54_4c53; // "MTLS"
  static final int VERSION = 1;

  static final long MAGIC_OFFSET = 0;
  static final long VERSION_OFFSET = 4;
  static final long SEGMENT_BYTES_OFFSET = 8;
  static final long INDEX_OFFSET = 16;
  static final long ARENA_START_OFFSET = 24;
  static final long TOP_OFFSET = 32;
  static final long ARENA_OFFSET = 64;

  static final long CHUNK_LENGTH = 0;
  static final long CHUNK_STATE = 4;
  static final long CHUNK_HEADER = 8;

  static final int BLOB = 3;
  static final int ARRAY = 4;

  static final int MIN_CAPACITY = 8;

  private ListDescriptor() {}

  static long align(long bytes) {
    return (bytes + 7) & -8L;
  }

  static long indexWord(long array, int size) {
    return (array >>> 3) << 32 | (size & 0xffff_ffffL);
  }

  static long arrayOf(long index) {
    return (index >>> 32) << 3;
  }

  static int sizeOf(long index) {
    return (int) index;
  }

  static long ref(long blob, int length) {
    return (blob >>> 3) << 32 | (length & 0xffff_ffffL);
  }

  static long blobOf(long ref) {
    return (ref >>> 32) << 3;
  }

  static int lengthOf(long ref) {
    return (int) ref;
  }

  static long arrayLength(int capacity) {
    return CHUNK_HEADER + 8L * capacity;
  }

  static long blobLength(int length) {
    return CHUNK_HEADER + align(length);
  }
}
