package dev.multitask.process.ipc;

/**
 * The records of a ring in shared memory ({@link RingBuffer}): their layout in a data area of a
 * power-of-two size and the rule that makes them safe; nothing else. The ring's header (its {@code
 * tail} and {@code head} counters, where the data area starts) is drawn by the descriptor of the
 * segment that holds it: {@link ChainDescriptor} for the rings of the process queues. Position
 * {@code p} of the ring is at {@code data + (p & (capacity - 1))}.
 *
 * <pre>
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
 * every record is contiguous. A ring that must take messages of up to {@code capacity - 8} bytes
 * (made with a rebase lock; the queues' rings take at most half their capacity and need none) has
 * the producer, in an empty ring, take the consumer lock too and move {@code head} and {@code tail}
 * together to the next lap (after writing that PADDING record, so dying between the two stores
 * leaves a consistent ring), so such a message fits an empty ring wherever {@code tail} stands. A
 * consumer that finds within {@code [head, tail)} a type other than these two, or a length that
 * overruns {@code tail}, reports the ring broken instead of delivering it.
 *
 * <p>Why {@code tail}, not a positive length, is the commit point: messages may be empty (length
 * 0), and a length-commit would need the consumer to zero every consumed record (or the producer to
 * pre-zero the next header, which in a full ring is a live record) so that stale bytes of an
 * earlier lap never read as published. The length is still written last, so a reader that sees
 * {@code tail} (acquire) sees a complete header.
 */
final class RingDescriptor {
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
