package dev.multitask.process.ipc;

import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SharedSegment;

/**
 * Offsets and constants of the {@link SharedRing} layout in a {@link SharedSegment}; nothing else.
 *
 * <pre>
 *   header: one 64-byte cache line per group, so producers and consumers never share a line
 *
 *   offset 0        4        8                16                                        64
 *          +--------+--------+----------------+-----------------------------------------+
 *      0   | magic  | version| capacity (long)|                 unused                  |
 *          +--------+--------+----------------+-----------------------------------------+
 *     64   | tail (long): bytes ever published; stored only by the producer-lock holder   |
 *          +----------------------------------------------------------------------------+
 *    128   | head (long): bytes ever consumed; stored only by the consumer-lock holder    |
 *          +----------------+--------+--------+-----------------------------------------+
 *    192   | producer lock: a {@link RobustMutex} (32 bytes)      |        unused         |
 *          +----------------------------------------------------+-----------------------+
 *    256   | consumer lock: a {@link RobustMutex} (32 bytes)      |        unused         |
 *          +--------+--------+----------------------------------------------------------+
 *    320   |notEmpty| waiters|  futex sequence word and waiter count, for consumers     |
 *          +--------+--------+----------------------------------------------------------+
 *    384   |notFull | waiters|  the same, for producers                                 |
 *          +--------+--------+----------------------------------------------------------+
 *    448   | data: capacity bytes, a power of two in 64 .. 2^30; position p is at       |
 *          | 448 + (p &amp; (capacity - 1))                                                |
 *          +----------------------------------------------------------------------------+
 *
 *   record: at an 8-byte aligned position, never split by the end of the data area
 *          0        4        8                                       align8(8 + length)
 *          +--------+--------+---------------------------------------+
 *          | length | type   | body: length bytes, then 0..7 unused  |
 *          +--------+--------+---------------------------------------+
 *   type MESSAGE (1): a message of length bytes, 0 allowed
 *   type PADDING (2): fills the data area to its end (length = bytes to the end - 8); skipped
 * </pre>
 *
 * <p><b>The rule that makes it safe:</b> a record is published by the one release store of {@code
 * tail} past it, made by the producer-lock holder after the record's body, type and length (the
 * length last, with release) are written; nothing at or past {@code tail} is ever read by a
 * consumer. So a producer killed at any point before that store leaves only bytes past {@code
 * tail}, which the next producer overwrites: no record is torn and nothing needs rolling back.
 * Likewise a record's bytes are free for producers again only after the consumer-lock holder has
 * copied them out and stored {@code head} past them (release). A record that would cross the end of
 * the data area is preceded by a PADDING record to the end, published by itself if need be, so
 * every record is contiguous; in an empty ring the producer instead takes the consumer lock too and
 * moves {@code head} and {@code tail} together to the next lap (after writing that PADDING record,
 * so dying between the two stores leaves a consistent ring), so a message of {@code capacity - 8}
 * bytes fits an empty ring wherever {@code tail} stands. A consumer that finds within {@code [head,
 * tail)} a type other than these two, or a length that overruns {@code tail}, reports the ring
 * broken instead of delivering it.
 *
 * <p>Why {@code tail}, not a positive length, is the commit point: messages may be empty (length
 * 0), and a length-commit would need the consumer to zero every consumed record (or the producer to
 * pre-zero the next header, which in a full ring is a live record) so that stale bytes of an
 * earlier lap never read as published. The length is still written last, so a reader that sees
 * {@code tail} (acquire) sees a complete header.
 */
final class RingDescriptor {
  static final int MAGIC = 0x4d54_5247; // "MTRG"
  static final int VERSION = 2;

  static final long MAGIC_OFFSET = 0;
  static final long VERSION_OFFSET = 4;
  static final long CAPACITY_OFFSET = 8;
  static final long TAIL_OFFSET = 64;
  static final long HEAD_OFFSET = 128;
  static final long PRODUCER_LOCK_OFFSET = 192;
  static final long CONSUMER_LOCK_OFFSET = 256;
  static final long NOT_EMPTY_SEQ_OFFSET = 320;
  static final long NOT_EMPTY_WAITERS_OFFSET = 324;
  static final long NOT_FULL_SEQ_OFFSET = 384;
  static final long NOT_FULL_WAITERS_OFFSET = 388;

  /** Where the data area starts: the header's length. */
  static final long DATA_OFFSET = 448;

  static final int RECORD_HEADER_LENGTH = 8;
  static final int RECORD_ALIGNMENT = 8;
  static final long LENGTH_OFFSET = 0;
  static final long TYPE_OFFSET = 4;

  static final int MESSAGE = 1;
  static final int PADDING = 2;

  static final int MIN_CAPACITY = 64;
  static final int MAX_CAPACITY = 1 << 30;

  private RingDescriptor() {}

  /** Bytes a record with a body of {@code length} bytes takes, header and alignment included. */
  static int recordLength(int length) {
    return (RECORD_HEADER_LENGTH + length + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
  }

  /** The largest message a ring of {@code capacity} bytes holds. */
  static int maxMessageLength(int capacity) {
    return capacity - RECORD_HEADER_LENGTH;
  }

  static void checkCapacity(long capacity) {
    if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Long.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "ring capacity must be a power of two in "
              + MIN_CAPACITY
              + ".."
              + MAX_CAPACITY
              + ": capacity="
              + capacity);
    }
  }
}
