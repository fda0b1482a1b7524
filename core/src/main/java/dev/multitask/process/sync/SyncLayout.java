package dev.multitask.process.sync;

/**
 * The layout of the segment behind each process lock, semaphore, event, condition, barrier and
 * shared value: one small segment per object, the same header and mutex for all, then the words of
 * its kind. Every multi-process word is naturally aligned; futex words are 32-bit.
 *
 * <pre>
 * offset size  field
 *      0    4  magic 'MTSY' (release-stored last at creation: an attacher that sees it sees the rest)
 *      4    4  kind ({@link Kind} ordinal)
 *      8    4  version
 *     12    4  int parameter: permits (semaphore), parties (barrier)
 *     16    4  int parameter: bounded flag (semaphore)
 *     24    8  long parameter: length (arrays)
 *     64   32  mutex ({@link dev.multitask.process.shm.RobustMutex}): every kind has one; it is the lock of a Lock or RLock,
 *              the internal lock of a Barrier and the {@code lock()} of a shared value
 *              64  int   state: 0 free, else owner pid | {@code WAITERS} (bit 31); the futex word
 *              68  int   owner died: set by a locker that took the mutex over from a dead owner
 *              72  long  owner word (pid &lt;&lt; 32 | start time) of the holder, for pid reuse
 *              80  long  holder's thread id (RLock ownership, deadlock detection)
 *              88  int   hold count (RLock)
 *    128       the kind's words:
 *     SEMAPHORE  128 int count (futex word)   132 int waiters
 *     EVENT      128 int flag in bit 0, count of sets above it (futex word)   132 int waiters
 *     CONDITION  128 int overflow sequence (futex word)   132 int overflow waiters
 *                136 int waiting   140 int high water   144 long next ticket
 *                256 one 24-byte slot per waiter: int state (futex word), long owner, long ticket
 *                (drawn in {@link ShmCondition}; the segment is {@link ShmCondition#SEGMENT_BYTES})
 *     BARRIER    128 int phase (futex word: changes on every release, break and reset)
 *                136 int arrived in this round   140 int broken
 *                144 long round number           152 long last round that broke (-1: none)
 *                256 parties × long: owner words of the arrived parties, for death checks
 *     LONG, DOUBLE  128 long value (a double as its raw bits)
 *     LONG_ARRAY, DOUBLE_ARRAY  128 + 8 × i: element i
 * </pre>
 */
final class SyncLayout {
  static final int MAGIC = 0x4d545359;
  static final int VERSION = 2;

  static final long MAGIC_OFFSET = 0;
  static final long KIND_OFFSET = 4;
  static final long VERSION_OFFSET = 8;
  static final long INT_PARAM_OFFSET = 12;
  static final long BOUNDED_OFFSET = 16;
  static final long LONG_PARAM_OFFSET = 24;

  static final long MUTEX_OFFSET = 64;
  static final long MUTEX_STATE = 0;
  static final long MUTEX_DIED = 4;
  static final long MUTEX_OWNER = 8;
  static final long MUTEX_THREAD = 16;
  static final long MUTEX_HOLDS = 24;

  static final long BODY_OFFSET = 128;
  static final long WORD_OFFSET = 128;
  static final long WAITERS_OFFSET = 132;

  static final long BARRIER_ARRIVED_OFFSET = 136;
  static final long BARRIER_BROKEN_OFFSET = 140;
  static final long BARRIER_ROUND_OFFSET = 144;
  static final long BARRIER_BROKEN_ROUND_OFFSET = 152;
  static final long BARRIER_PARTIES_OFFSET = 256;

  static final long VALUE_OFFSET = 128;
  static final long ELEMENTS_OFFSET = 128;

  /** The kinds of object, stored as their ordinal: append only. */
  enum Kind {
    LOCK,
    RLOCK,
    SEMAPHORE,
    EVENT,
    CONDITION,
    BARRIER,
    LONG,
    DOUBLE,
    LONG_ARRAY,
    DOUBLE_ARRAY
  }

  private SyncLayout() {}
}
