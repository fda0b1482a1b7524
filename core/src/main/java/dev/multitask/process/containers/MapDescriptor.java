package dev.multitask.process.containers;

/**
 * Offsets and constants of a shared map's data segment ({@link MapStore}); nothing else. All of it
 * is guarded by the container's mutex ({@link ContainerDescriptor}).
 *
 * <pre>
 *   offset 0        4        8                16       20       24               32
 *          +--------+--------+----------------+--------+--------+----------------+
 *      0   | magic  | version| segment bytes  | buckets| count  | arena start    |
 *          +--------+--------+----------------+--------+--------+----------------+
 *     32   | top            | live bytes     | last entry     | first hint     |
 *          +----------------+----------------+----------------+----------------+
 *     64   | buckets: {@code buckets} longs, each the offset of a chain's first entry (0: none)
 *          +------------------------------------------------------------------------+
 *  arena   | chunks, from arena start up to top, in the order they were made, 8-byte aligned
 *          +------------------------------------------------------------------------+
 *
 *   chunk:  0        4        8        12       16               24               32
 *          +--------+--------+--------+--------+----------------+----------------+
 *   entry  | length | state  | hash   | key len| value word     | next in chain  |
 *          +--------+--------+--------+--------+----------------+----------------+
 *     32   | previous entry | slot capacity (int) | unused  | key bytes (padded to 8) |
 *          | slot 0 (capacity bytes) | slot 1 (capacity bytes)                        |
 *          +------------------------------------------------------------------------+
 *   blob   | length | state  | value bytes (a value too large for its entry's slots)  |
 *
 *   value word: bit 63 = 0: inline, in slot (bit 32), length = bits 0-31
 *               bit 63 = 1: in the blob at (bits 32-62) * 8, length = bits 0-31
 * </pre>
 *
 * <p>States: {@link #PENDING} (0, being written), {@link #LIVE}, {@link #DEAD} (removed), {@link
 * #BLOB}. Entries are appended in insertion order, so the arena is the map's order.
 *
 * <p><b>The rules that make it safe:</b> only three kinds of store publish anything, each one
 * aligned word stored with release semantics after the bytes it covers are in place: {@code top} (a
 * chunk exists once top has moved past it; chunks below top always carry their length, so the arena
 * can be walked), an entry's {@code state} (LIVE adds the key, DEAD removes it) and an entry's
 * {@code value word} (a new value is written into the slot not in use, or into a new blob, and then
 * the word is switched). Everything else (buckets, chains, {@code count}, {@code live bytes},
 * {@code last entry}, {@code previous entry}, {@code first hint}) is an index derived from the live
 * entries: a locker that takes the mutex over from a process that died holding it rebuilds it by
 * walking the arena ({@link MapStore#repair}), so a killed writer leaves no half-written entry,
 * only garbage that the next compaction drops.
 *
 * <p>Limits: keys of up to 2^31 - 1 bytes, values of up to 2^31 - 1 bytes, segments of up to 16 GiB
 * (a blob's offset is stored in units of 8 bytes in 31 bits).
 */
final class MapDescriptor {
  static final int MAGIC = 0x4d54_4d50; // "MTMP"
  static final int VERSION = 1;

  static final long MAGIC_OFFSET = 0;
  static final long VERSION_OFFSET = 4;
  static final long SEGMENT_BYTES_OFFSET = 8;
  static final long BUCKETS_OFFSET = 16;
  static final long COUNT_OFFSET = 20;
  static final long ARENA_START_OFFSET = 24;
  static final long TOP_OFFSET = 32;
  static final long LIVE_BYTES_OFFSET = 40;
  static final long LAST_ENTRY_OFFSET = 48;
  static final long FIRST_HINT_OFFSET = 56;
  static final long BUCKET_ARRAY_OFFSET = 64;

  static final long CHUNK_LENGTH = 0;
  static final long CHUNK_STATE = 4;
  static final long CHUNK_HEADER = 8;

  static final long ENTRY_HASH = 8;
  static final long ENTRY_KEY_LENGTH = 12;
  static final long ENTRY_VALUE = 16;
  static final long ENTRY_NEXT = 24;
  static final long ENTRY_PREVIOUS = 32;
  static final long ENTRY_SLOT_CAPACITY = 40;
  static final long ENTRY_KEY = 48;

  static final int PENDING = 0;
  static final int LIVE = 1;
  static final int DEAD = 2;
  static final int BLOB = 3;

  static final long BLOB_BIT = 1L << 63;
  static final long SLOT_BIT = 1L << 32;

  /** Values up to this many bytes get two slots in their entry; larger ones go in blobs. */
  static final int MAX_SLOT = 128;

  static final int MIN_SLOT = 16;
  static final int MIN_BUCKETS = 16;

  private MapDescriptor() {}

  static long align(long bytes) {
    return (bytes + 7) & -8L;
  }

  /**
   * The slot capacity of a new entry whose first value has {@code valueLength} bytes: 0 for a blob.
   */
  static int slotCapacity(int valueLength) {
    return valueLength > MAX_SLOT ? 0 : (int) Math.max(MIN_SLOT, align(valueLength));
  }

  static long entryLength(int keyLength, int slotCapacity) {
    return ENTRY_KEY + align(keyLength) + 2L * slotCapacity;
  }

  static long blobLength(int valueLength) {
    return CHUNK_HEADER + align(valueLength);
  }

  static long slotOffset(long entry, int keyLength, int slotCapacity, int slot) {
    return entry + ENTRY_KEY + align(keyLength) + (long) slot * slotCapacity;
  }

  static long inlineWord(int slot, int length) {
    return (long) slot << 32 | (length & 0xffff_ffffL);
  }

  static long blobWord(long blob, int length) {
    return BLOB_BIT | (blob >>> 3) << 32 | (length & 0xffff_ffffL);
  }

  static int valueLength(long word) {
    return (int) word;
  }

  static boolean inBlob(long word) {
    return word < 0;
  }

  static long blobOffset(long word) {
    return ((word & ~BLOB_BIT) >>> 32) << 3;
  }

  static int slotOf(long word) {
    return (int) (word >>> 32) & 1;
  }
}
