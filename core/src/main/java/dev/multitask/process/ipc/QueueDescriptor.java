package dev.multitask.process.ipc;

import dev.multitask.process.shm.RobustMutex;

/**
 * Offsets and constants of a process queue's control segment ({@link ShmQueue}); nothing else. The
 * elements themselves live in other segments: a chain of rings ({@link ChainDescriptor}) for a
 * first-in-first-out queue, one {@link HeapStore} for a LIFO or priority queue.
 *
 * <pre>
 *   offset 0        4        8        12       16                24               32
 *          +--------+--------+--------+--------+----------------+----------------+
 *      0   | magic  | version| order  | blobs  | capacity (long)| owner pid      |
 *          +--------+--------+--------+--------+----------------+----------------+
 *     32   | closed |  1 once closed; stored only by the producer-lock holder     |
 *          +--------+----------------------------------------------------------+
 *     64   | producer lock: a {@link RobustMutex} (32 bytes)  | write gen (long) | unused |
 *          +----------------------------------------------------------------------------+
 *    128   | consumer lock: a {@link RobustMutex} (32 bytes)  | read gen (long)  | unused |
 *          +----------------------------------------------------------------------------+
 *    192   | notEmpty seq | waiters | put count (long): consumers wait here for elements |
 *    256   | notFull seq  | waiters | take count (long): bounded producers wait for room |
 *    320   | tasks done (long) | allDone seq | waiters |   JoinableQueue.join waits here |
 *          +----------------------------------------------------------------------------+
 *    384   | write name: length (int), then up to 60 ASCII bytes: the ring producers fill,
 *          | or the heap store of a LIFO/priority queue; guarded by the producer lock
 *    448   | read name: the ring consumers empty; guarded by the consumer lock
 *          +----------------------------------------------------------------------------+
 *    512   end
 * </pre>
 *
 * <p>Each count shares a line with the wait word its writer checks after every store and its
 * readers spin on, and not with a lock word, so a consumer spinning on {@code put count} does not
 * pull the producer lock's line away from the producer at every element.
 *
 * <p><b>The rules:</b> {@code put count} is stored (release) by the producer-lock holder after the
 * element is published in its store, {@code take count} by the consumer-lock holder after the
 * element is removed; both only grow, so {@code put - take} is the size, and a bounded producer
 * re-reads {@code take count} only when the queue looks full. A LIFO or priority queue uses the
 * producer lock for both sides (its store is one structure). {@code closed} is set under the
 * producer lock, so a consumer that reads it (acquire) and then finds the store empty knows no
 * element can still arrive. A name changes only with its generation incremented after it (both
 * under the lock that guards it), so a process compares generations to know its cached segment is
 * stale; a lock holder that took a lock over from a dead process bumps the generation, since the
 * dead one may have died between the two stores. {@code blobs} is set (volatile, never cleared)
 * before a large element's file is first written, so that the owner's release looks for such files
 * only in a queue that had one ({@link BlobFiles}).
 */
final class QueueDescriptor {
  static final int MAGIC = 0x4d54_5155; // "MTQU"
  static final int VERSION = 2;

  static final long MAGIC_OFFSET = 0;
  static final long VERSION_OFFSET = 4;
  static final long ORDER_OFFSET = 8;
  static final long BLOBS_OFFSET = 12;
  static final long CAPACITY_OFFSET = 16;
  static final long OWNER_PID_OFFSET = 24;
  static final long CLOSED_OFFSET = 32;

  static final long PRODUCER_LOCK_OFFSET = 64;
  static final long WRITE_GEN_OFFSET = 96;

  static final long CONSUMER_LOCK_OFFSET = 128;
  static final long READ_GEN_OFFSET = 160;

  static final long NOT_EMPTY_SEQ_OFFSET = 192;
  static final long NOT_EMPTY_WAITERS_OFFSET = 196;
  static final long PUT_COUNT_OFFSET = 200;
  static final long NOT_FULL_SEQ_OFFSET = 256;
  static final long NOT_FULL_WAITERS_OFFSET = 260;
  static final long TAKE_COUNT_OFFSET = 264;
  static final long TASKS_DONE_OFFSET = 320;
  static final long ALL_DONE_SEQ_OFFSET = 328;
  static final long ALL_DONE_WAITERS_OFFSET = 332;

  static final long WRITE_NAME_OFFSET = 384;
  static final long READ_NAME_OFFSET = 448;
  static final int NAME_FIELD_LENGTH = 64;

  static final long SIZE = 512;

  private QueueDescriptor() {}
}
