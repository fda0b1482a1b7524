package dev.multitask.process.ipc;

/**
 * Offsets and constants of one ring in the chain of a first-in-first-out process queue ({@link
 * ChainRing}); nothing else. The records in the data area are those of {@link RingDescriptor}; the
 * queue's locks are in its control segment ({@link QueueDescriptor}).
 *
 * <pre>
 *   offset 0        4        8                16       20
 *          +--------+--------+----------------+--------+----------------------------+
 *      0   | magic  | version| capacity (long)| sealed |          unused            |
 *          +--------+--------+----------------+--------+----------------------------+
 *     64   | tail (long): bytes ever published; stored by the producer-lock holder     |
 *    128   | head (long): bytes ever consumed; stored by the consumer-lock holder      |
 *    192   | next name: length (int), then up to 60 ASCII bytes                        |
 *          +----------------------------------------------------------------------------+
 *    256   | data: capacity bytes, a power of two                                       |
 *          +----------------------------------------------------------------------------+
 * </pre>
 *
 * <p><b>The rule that makes chaining safe:</b> a producer that finds the ring full creates the next
 * ring, writes its name here, and only then stores {@code sealed = 1} (release), all under the
 * producer lock; no record is published in a sealed ring. So a consumer that reads {@code sealed}
 * (acquire) and <em>then</em> finds {@code head == tail} has seen every record the ring will ever
 * hold, and moves on to the next one: elements keep their order across rings. A producer that dies
 * between the two stores leaves an unsealed ring and an unused segment (removed with the queue's
 * others at its owner's exit).
 */
final class ChainDescriptor {
  static final int MAGIC = 0x4d54_4348; // "MTCH"
  static final int VERSION = 1;

  static final long MAGIC_OFFSET = 0;
  static final long VERSION_OFFSET = 4;
  static final long CAPACITY_OFFSET = 8;
  static final long SEALED_OFFSET = 16;
  static final long TAIL_OFFSET = 64;
  static final long HEAD_OFFSET = 128;
  static final long NEXT_NAME_OFFSET = 192;
  static final long DATA_OFFSET = 256;

  /** The first ring's data bytes; each new ring doubles the last, up to {@link #MAX_CAPACITY}. */
  static final int FIRST_CAPACITY = 1 << 18;

  static final int MAX_CAPACITY = 1 << 26;

  /** Encoded elements longer than this travel in a file of their own; the ring holds its name. */
  static final int MAX_INLINE = FIRST_CAPACITY / 2 - RingDescriptor.RECORD_HEADER_LENGTH;

  private ChainDescriptor() {}
}
