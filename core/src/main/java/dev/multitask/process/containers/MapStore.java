package dev.multitask.process.containers;

import static dev.multitask.process.containers.MapDescriptor.ARENA_START_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.BLOB;
import static dev.multitask.process.containers.MapDescriptor.BUCKETS_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.BUCKET_ARRAY_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.CHUNK_HEADER;
import static dev.multitask.process.containers.MapDescriptor.CHUNK_LENGTH;
import static dev.multitask.process.containers.MapDescriptor.CHUNK_STATE;
import static dev.multitask.process.containers.MapDescriptor.COUNT_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.DEAD;
import static dev.multitask.process.containers.MapDescriptor.ENTRY_HASH;
import static dev.multitask.process.containers.MapDescriptor.ENTRY_KEY;
import static dev.multitask.process.containers.MapDescriptor.ENTRY_KEY_LENGTH;
import static dev.multitask.process.containers.MapDescriptor.ENTRY_NEXT;
import static dev.multitask.process.containers.MapDescriptor.ENTRY_PREVIOUS;
import static dev.multitask.process.containers.MapDescriptor.ENTRY_SLOT_CAPACITY;
import static dev.multitask.process.containers.MapDescriptor.ENTRY_VALUE;
import static dev.multitask.process.containers.MapDescriptor.FIRST_HINT_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.LAST_ENTRY_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.LIVE;
import static dev.multitask.process.containers.MapDescriptor.LIVE_BYTES_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.MAGIC;
import static dev.multitask.process.containers.MapDescriptor.MAGIC_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.MIN_BUCKETS;
import static dev.multitask.process.containers.MapDescriptor.PENDING;
import static dev.multitask.process.containers.MapDescriptor.SEGMENT_BYTES_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.TOP_OFFSET;
import static dev.multitask.process.containers.MapDescriptor.VERSION;
import static dev.multitask.process.containers.MapDescriptor.VERSION_OFFSET;

import dev.multitask.process.shm.MemoryAccess;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The operations of a shared map on its data segment ({@link MapDescriptor}): a chained hash table
 * whose entries sit in an append-only arena in insertion order. Every method runs under the
 * container's mutex; those that add bytes require {@link #fits} first, and the caller moves the map
 * to a larger (or compacted) segment ({@link #copy}) when it does not.
 */
final class MapStore {
  /** The smallest data segment: two pages. */
  static final long MIN_SEGMENT = 8 * 1024;

  private static final long PAGE = 4096;

  private MapStore() {}

  /** Lays out an empty map with {@code buckets} buckets in a zeroed segment of {@code bytes}. */
  static void format(MemorySegment d, long bytes, int buckets) {
    long arena = BUCKET_ARRAY_OFFSET + 8L * buckets;
    MemoryAccess.setIntPlain(d, VERSION_OFFSET, VERSION);
    MemoryAccess.setLongPlain(d, SEGMENT_BYTES_OFFSET, bytes);
    MemoryAccess.setIntPlain(d, BUCKETS_OFFSET, buckets);
    MemoryAccess.setLongPlain(d, ARENA_START_OFFSET, arena);
    MemoryAccess.setLongPlain(d, TOP_OFFSET, arena);
    MemoryAccess.setLongPlain(d, FIRST_HINT_OFFSET, arena);
    MemoryAccess.setIntRelease(d, MAGIC_OFFSET, MAGIC);
  }

  /** The format of a new segment for a map of {@code count} entries. */
  static Container.DataFormat formatFor(int count) {
    int buckets = bucketsFor(count);
    return (d, bytes) -> format(d, bytes, buckets);
  }

  /** Buckets for {@code count} entries: a power of two, at least twice the count. */
  static int bucketsFor(int count) {
    long wanted = Math.max(MIN_BUCKETS, 2L * count);
    if (wanted > 1 << 30) {
      throw new IllegalStateException(
          "a shared map holds at most " + (3 << 28) + " entries: count=" + count);
    }
    return Integer.highestOneBit((int) wanted - 1) << 1;
  }

  /**
   * The size of a segment for {@code count} entries of {@code liveBytes}, with {@code need} more.
   */
  static long segmentBytes(int count, long liveBytes, long need) {
    long arena = 2 * (liveBytes + need);
    long bytes = BUCKET_ARRAY_OFFSET + 8L * bucketsFor(count) + arena;
    return Math.max(MIN_SEGMENT, (bytes + PAGE - 1) / PAGE * PAGE);
  }

  static int hash(byte[] key) {
    int h = Arrays.hashCode(key);
    h ^= h >>> 16;
    h *= 0x85eb_ca6b;
    return h ^ (h >>> 13);
  }

  static int count(MemorySegment d) {
    return MemoryAccess.intPlain(d, COUNT_OFFSET);
  }

  private static long top(MemorySegment d) {
    return MemoryAccess.longPlain(d, TOP_OFFSET);
  }

  private static long bucket(MemorySegment d, int hash) {
    int buckets = MemoryAccess.intPlain(d, BUCKETS_OFFSET);
    return BUCKET_ARRAY_OFFSET + 8L * (hash & (buckets - 1));
  }

  /** The live entry for {@code key}, or 0. */
  static long find(MemorySegment d, byte[] key, int hash) {
    MemorySegment wanted = MemorySegment.ofArray(key);
    for (long e = MemoryAccess.longPlain(d, bucket(d, hash));
        e != 0;
        e = MemoryAccess.longPlain(d, e + ENTRY_NEXT)) {
      if (MemoryAccess.intPlain(d, e + ENTRY_HASH) == hash
          && MemoryAccess.intPlain(d, e + ENTRY_KEY_LENGTH) == key.length
          && MemoryAccess.intPlain(d, e + CHUNK_STATE) == LIVE
          && MemorySegment.mismatch(
                  d, e + ENTRY_KEY, e + ENTRY_KEY + key.length, wanted, 0, key.length)
              == -1) {
        return e;
      }
    }
    return 0;
  }

  /** The bytes of entry {@code e}'s key. */
  static byte[] key(MemorySegment d, long e) {
    byte[] key = new byte[MemoryAccess.intPlain(d, e + ENTRY_KEY_LENGTH)];
    MemorySegment.copy(d, ValueLayout.JAVA_BYTE, e + ENTRY_KEY, key, 0, key.length);
    return key;
  }

  /** The bytes of entry {@code e}'s value. */
  static byte[] value(MemorySegment d, long e) {
    long word = MemoryAccess.longPlain(d, e + ENTRY_VALUE);
    byte[] value = new byte[MapDescriptor.valueLength(word)];
    MemorySegment.copy(d, ValueLayout.JAVA_BYTE, valueAt(d, e, word), value, 0, value.length);
    return value;
  }

  private static long valueAt(MemorySegment d, long e, long word) {
    if (MapDescriptor.inBlob(word)) {
      return MapDescriptor.blobOffset(word) + CHUNK_HEADER;
    }
    return MapDescriptor.slotOffset(
        e,
        MemoryAccess.intPlain(d, e + ENTRY_KEY_LENGTH),
        MemoryAccess.intPlain(d, e + ENTRY_SLOT_CAPACITY),
        MapDescriptor.slotOf(word));
  }

  /**
   * Whether the segment has room to put a value of {@code valueLength} bytes into entry {@code e},
   * or (if {@code e} is 0) a new entry with a key of {@code keyLength} bytes, within the load
   * factor.
   */
  static boolean fits(MemorySegment d, long e, int keyLength, int valueLength) {
    long need;
    if (e != 0) {
      if (valueLength <= MemoryAccess.intPlain(d, e + ENTRY_SLOT_CAPACITY)) {
        return true;
      }
      need = MapDescriptor.blobLength(valueLength);
    } else {
      int buckets = MemoryAccess.intPlain(d, BUCKETS_OFFSET);
      if (count(d) + 1 > buckets - buckets / 4) {
        return false;
      }
      need = insertLength(keyLength, valueLength);
    }
    return top(d) + need <= MemoryAccess.longPlain(d, SEGMENT_BYTES_OFFSET);
  }

  /** The arena bytes a new entry takes, its blob included. */
  static long insertLength(int keyLength, int valueLength) {
    int capacity = MapDescriptor.slotCapacity(valueLength);
    return MapDescriptor.entryLength(keyLength, capacity)
        + (capacity == 0 ? MapDescriptor.blobLength(valueLength) : 0);
  }

  /** A segment size for this map plus {@code need} bytes, compacted. */
  static long grownBytes(MemorySegment d, long need) {
    return segmentBytes(count(d) + 1, MemoryAccess.longPlain(d, LIVE_BYTES_OFFSET), need);
  }

  /** Appends a chunk of {@code length} bytes in state PENDING and publishes it by moving top. */
  private static long allocate(MemorySegment d, long length, int state) {
    long at = top(d);
    MemoryAccess.setIntPlain(d, at + CHUNK_LENGTH, (int) length);
    MemoryAccess.setIntPlain(d, at + CHUNK_STATE, state);
    MemoryAccess.setLongRelease(d, TOP_OFFSET, at + length);
    return at;
  }

  private static long blob(MemorySegment d, byte[] value) {
    long length = MapDescriptor.blobLength(value.length);
    long at = top(d);
    MemorySegment.copy(value, 0, d, ValueLayout.JAVA_BYTE, at + CHUNK_HEADER, value.length);
    return allocate(d, length, BLOB);
  }

  /**
   * Adds a new entry (the key must be absent, and {@link #fits} true); its LIVE state commits it.
   */
  static void insert(MemorySegment d, byte[] key, int hash, byte[] value) {
    int capacity = MapDescriptor.slotCapacity(value.length);
    long blob = capacity == 0 ? blob(d, value) : 0;
    long length = MapDescriptor.entryLength(key.length, capacity);
    long e = top(d);
    MemoryAccess.setIntPlain(d, e + CHUNK_STATE, PENDING);
    MemoryAccess.setIntPlain(d, e + ENTRY_HASH, hash);
    MemoryAccess.setIntPlain(d, e + ENTRY_KEY_LENGTH, key.length);
    MemoryAccess.setIntPlain(d, e + ENTRY_SLOT_CAPACITY, capacity);
    MemorySegment.copy(key, 0, d, ValueLayout.JAVA_BYTE, e + ENTRY_KEY, key.length);
    if (capacity == 0) {
      MemoryAccess.setLongPlain(d, e + ENTRY_VALUE, MapDescriptor.blobWord(blob, value.length));
    } else {
      MemorySegment.copy(
          value,
          0,
          d,
          ValueLayout.JAVA_BYTE,
          MapDescriptor.slotOffset(e, key.length, capacity, 0),
          value.length);
      MemoryAccess.setLongPlain(d, e + ENTRY_VALUE, MapDescriptor.inlineWord(0, value.length));
    }
    long last = MemoryAccess.longPlain(d, LAST_ENTRY_OFFSET);
    MemoryAccess.setLongPlain(d, e + ENTRY_PREVIOUS, last);
    allocate(d, length, PENDING);
    MemoryAccess.setIntRelease(d, e + CHUNK_STATE, LIVE); // the commit point
    link(d, e, hash);
    MemoryAccess.setLongPlain(d, LAST_ENTRY_OFFSET, e);
    MemoryAccess.setIntPlain(d, COUNT_OFFSET, count(d) + 1);
    addLiveBytes(d, length + (blob == 0 ? 0 : MemoryAccess.intPlain(d, blob + CHUNK_LENGTH)));
  }

  private static void link(MemorySegment d, long e, int hash) {
    long bucket = bucket(d, hash);
    MemoryAccess.setLongPlain(d, e + ENTRY_NEXT, MemoryAccess.longPlain(d, bucket));
    MemoryAccess.setLongPlain(d, bucket, e);
  }

  private static void addLiveBytes(MemorySegment d, long delta) {
    MemoryAccess.setLongPlain(
        d, LIVE_BYTES_OFFSET, MemoryAccess.longPlain(d, LIVE_BYTES_OFFSET) + delta);
  }

  /**
   * Replaces entry {@code e}'s value ({@link #fits} must be true): into the slot not in use, or a
   * new blob; switching the value word commits it.
   */
  static void update(MemorySegment d, long e, byte[] value) {
    long old = MemoryAccess.longPlain(d, e + ENTRY_VALUE);
    int capacity = MemoryAccess.intPlain(d, e + ENTRY_SLOT_CAPACITY);
    long word;
    if (value.length <= capacity) {
      int slot = MapDescriptor.inBlob(old) ? 0 : 1 - MapDescriptor.slotOf(old);
      int keyLength = MemoryAccess.intPlain(d, e + ENTRY_KEY_LENGTH);
      MemorySegment.copy(
          value,
          0,
          d,
          ValueLayout.JAVA_BYTE,
          MapDescriptor.slotOffset(e, keyLength, capacity, slot),
          value.length);
      word = MapDescriptor.inlineWord(slot, value.length);
    } else {
      long blob = blob(d, value);
      word = MapDescriptor.blobWord(blob, value.length);
      addLiveBytes(d, MemoryAccess.intPlain(d, blob + CHUNK_LENGTH));
    }
    MemoryAccess.setLongRelease(d, e + ENTRY_VALUE, word); // the commit point
    if (MapDescriptor.inBlob(old)) {
      addLiveBytes(d, -MemoryAccess.intPlain(d, MapDescriptor.blobOffset(old) + CHUNK_LENGTH));
    }
  }

  /** Removes entry {@code e}: its DEAD state commits it, then the index forgets it. */
  static void remove(MemorySegment d, long e) {
    MemoryAccess.setIntRelease(d, e + CHUNK_STATE, DEAD); // the commit point
    long bucket = bucket(d, MemoryAccess.intPlain(d, e + ENTRY_HASH));
    long next = MemoryAccess.longPlain(d, e + ENTRY_NEXT);
    long at = bucket;
    for (long c = MemoryAccess.longPlain(d, bucket);
        c != 0;
        c = MemoryAccess.longPlain(d, c + ENTRY_NEXT)) {
      if (c == e) {
        MemoryAccess.setLongPlain(d, at, next);
        break;
      }
      at = c + ENTRY_NEXT;
    }
    MemoryAccess.setIntPlain(d, COUNT_OFFSET, count(d) - 1);
    long word = MemoryAccess.longPlain(d, e + ENTRY_VALUE);
    addLiveBytes(
        d,
        -(MemoryAccess.intPlain(d, e + CHUNK_LENGTH)
            + (MapDescriptor.inBlob(word)
                ? MemoryAccess.intPlain(d, MapDescriptor.blobOffset(word) + CHUNK_LENGTH)
                : 0)));
    if (MemoryAccess.longPlain(d, LAST_ENTRY_OFFSET) == e) {
      long previous = MemoryAccess.longPlain(d, e + ENTRY_PREVIOUS);
      while (previous != 0 && MemoryAccess.intPlain(d, previous + CHUNK_STATE) != LIVE) {
        previous = MemoryAccess.longPlain(d, previous + ENTRY_PREVIOUS);
      }
      MemoryAccess.setLongPlain(d, LAST_ENTRY_OFFSET, previous);
    }
  }

  /** Removes every entry: moving top back to the arena's start commits it. */
  static void clear(MemorySegment d) {
    long arena = MemoryAccess.longPlain(d, ARENA_START_OFFSET);
    MemoryAccess.setLongRelease(
        d, TOP_OFFSET, arena); // the commit point; the index below is derived
    d.asSlice(BUCKET_ARRAY_OFFSET, arena - BUCKET_ARRAY_OFFSET).fill((byte) 0);
    MemoryAccess.setIntPlain(d, COUNT_OFFSET, 0);
    MemoryAccess.setLongPlain(d, LIVE_BYTES_OFFSET, 0);
    MemoryAccess.setLongPlain(d, LAST_ENTRY_OFFSET, 0);
    MemoryAccess.setLongPlain(d, FIRST_HINT_OFFSET, arena);
  }

  /** The newest live entry, or 0. */
  static long last(MemorySegment d) {
    return MemoryAccess.longPlain(d, LAST_ENTRY_OFFSET);
  }

  /** The oldest live entry, or 0; remembers where it is, for the next call. */
  static long first(MemorySegment d) {
    long top = top(d);
    for (long c = MemoryAccess.longPlain(d, FIRST_HINT_OFFSET); c < top; c = next(d, c)) {
      if (MemoryAccess.intPlain(d, c + CHUNK_STATE) == LIVE) {
        MemoryAccess.setLongPlain(d, FIRST_HINT_OFFSET, c);
        return c;
      }
    }
    return 0;
  }

  /** The chunk after {@code c}; every chunk below top carries its length, at least a header's. */
  private static long next(MemorySegment d, long c) {
    int length = MemoryAccess.intPlain(d, c + CHUNK_LENGTH);
    if (length < CHUNK_HEADER || (length & 7) != 0) {
      throw new IllegalStateException(
          "corrupt shared map: chunk at " + c + " has length " + length);
    }
    return c + length;
  }

  /** What {@link #forEach} hands over: one live entry, in insertion order. */
  @FunctionalInterface
  interface EntryVisitor {
    void visit(MemorySegment d, long entry);
  }

  /** Visits every live entry, oldest first. */
  static void forEach(MemorySegment d, EntryVisitor visitor) {
    long top = top(d);
    for (long c = MemoryAccess.longPlain(d, FIRST_HINT_OFFSET); c < top; c = next(d, c)) {
      if (MemoryAccess.intPlain(d, c + CHUNK_STATE) == LIVE) {
        visitor.visit(d, c);
      }
    }
  }

  /**
   * Fills the empty map {@code to} with the live entries of {@code from}, in order: a compaction.
   */
  static void copy(MemorySegment from, MemorySegment to) {
    forEach(
        from,
        (d, e) -> insert(to, key(d, e), MemoryAccess.intPlain(d, e + ENTRY_HASH), value(d, e)));
  }

  /**
   * Rebuilds the index (buckets, chains, count, live bytes, last entry, previous links, first hint)
   * from the arena: after taking the mutex over from a process that died holding it.
   */
  static void repair(MemorySegment d) {
    long arena = MemoryAccess.longPlain(d, ARENA_START_OFFSET);
    long top = top(d);
    d.asSlice(BUCKET_ARRAY_OFFSET, arena - BUCKET_ARRAY_OFFSET).fill((byte) 0);
    int count = 0;
    long live = 0;
    long last = 0;
    long first = 0;
    for (long c = arena; c < top; c = next(d, c)) {
      if (MemoryAccess.intPlain(d, c + CHUNK_STATE) != LIVE) {
        continue;
      }
      link(d, c, MemoryAccess.intPlain(d, c + ENTRY_HASH));
      MemoryAccess.setLongPlain(d, c + ENTRY_PREVIOUS, last);
      long word = MemoryAccess.longPlain(d, c + ENTRY_VALUE);
      live +=
          MemoryAccess.intPlain(d, c + CHUNK_LENGTH)
              + (MapDescriptor.inBlob(word)
                  ? MemoryAccess.intPlain(d, MapDescriptor.blobOffset(word) + CHUNK_LENGTH)
                  : 0);
      first = first == 0 ? c : first;
      last = c;
      count++;
    }
    MemoryAccess.setIntPlain(d, COUNT_OFFSET, count);
    MemoryAccess.setLongPlain(d, LIVE_BYTES_OFFSET, live);
    MemoryAccess.setLongPlain(d, LAST_ENTRY_OFFSET, last);
    MemoryAccess.setLongPlain(d, FIRST_HINT_OFFSET, first == 0 ? arena : first);
  }
}
