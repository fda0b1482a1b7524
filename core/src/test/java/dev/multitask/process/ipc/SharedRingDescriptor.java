package dev.multitask.process.ipc;

import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SharedSegment;

/**
 * Offsets and constants of the {@link SharedRing} header in a {@link SharedSegment}; nothing else.
 * The records in its data area are those of {@link RingDescriptor}.
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
 * </pre>
 */
final class SharedRingDescriptor {
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

  private SharedRingDescriptor() {}
}
