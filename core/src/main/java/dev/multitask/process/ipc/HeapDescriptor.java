package dev.multitask.process.ipc;

/**
 * Offsets and constants of a LIFO or priority process queue's store ({@link HeapStore}); nothing
 * else. All of it is guarded by the queue's producer lock.
 *
 * <pre>
 *   offset 0        4        8                16       20       24               32
 *          +--------+--------+----------------+--------+--------+----------------+
 *      0   | magic  | version| arena bytes    | count  | slots  | arena top      |
 *          +--------+--------+----------------+--------+--------+----------------+
 *     32   | next sequence (long)                                                  |
 *          +------------------------------------------------------------------------+
 *     64   | slots: a binary heap of {@code count} arena offsets (long), room for {@code slots}
 *          +------------------------------------------------------------------------+
 *  64+8*slots | arena: records from 0 to arena top, 8-byte aligned
 *          +------------------------------------------------------------------------+
 *
 *   record: 0        4        8                16
 *          +--------+--------+----------------+--------------------------+
 *          | length | live   | sequence (long)| element: length bytes    |
 *          +--------+--------+----------------+--------------------------+
 * </pre>
 *
 * <p><b>The rule that makes it safe:</b> a record's {@code live} word is its commit point. A put
 * writes the record, moves {@code arena top} past it, and only then stores {@code live = 1}; a take
 * copies the element out and then stores {@code live = 0}; the heap of slots is an index rebuilt
 * from the live records whenever the lock is taken over from a process that died holding it (a
 * half-done sift would otherwise lose or repeat an entry). Records below {@code arena top} always
 * have a valid length, so the arena can be walked.
 */
final class HeapDescriptor {
  static final int MAGIC = 0x4d54_4850; // "MTHP"
  static final int VERSION = 1;

  static final long MAGIC_OFFSET = 0;
  static final long VERSION_OFFSET = 4;
  static final long ARENA_BYTES_OFFSET = 8;
  static final long COUNT_OFFSET = 16;
  static final long SLOTS_OFFSET = 20;
  static final long ARENA_TOP_OFFSET = 24;
  static final long NEXT_SEQUENCE_OFFSET = 32;
  static final long SLOT_ARRAY_OFFSET = 64;

  static final long RECORD_LENGTH_OFFSET = 0;
  static final long RECORD_LIVE_OFFSET = 4;
  static final long RECORD_SEQUENCE_OFFSET = 8;
  static final int RECORD_HEADER = 16;

  static final int FIRST_SLOTS = 256;
  static final long FIRST_ARENA_BYTES = 64 * 1024;

  private HeapDescriptor() {}

  static long recordLength(int elementLength) {
    return (RECORD_HEADER + (long) elementLength + 7) & -8L;
  }

  static long arenaOffset(int slots) {
    return SLOT_ARRAY_OFFSET + 8L * slots;
  }
}
