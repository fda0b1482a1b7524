package dev.multitask.process.sync;

import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.Liveness;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.WaitWord;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Lock;
import dev.multitask.trace.Recorder;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@link Condition} across processes, over a process {@link ShmLock} or {@link ShmRLock}: CPython's
 * design (a queue of waiters, each asleep on a word of its own) in the condition's segment.
 *
 * <p>{@code signal(n)} wakes exactly the {@code n} longest waiting (or all, if fewer wait), each of
 * which returns {@code true}; a waiter that released the lock but is not asleep yet counts as
 * waiting, and a waiter whose process died is skipped. A waiter that times out or is interrupted at
 * the moment it is signalled takes the signal (returns {@code true}, keeping an interrupt as its
 * flag), so no signal is lost to it. Waiters do not wake without a signal, but for the {@value
 * #SLOTS}-and-more concurrent waiters, which share one word and may wake spuriously.
 */
final class ShmCondition extends ShmSyncObject implements Condition {
  /*
   * Layout after the common header (see SyncLayout):
   *
   *   128 int  overflow sequence (futex word) 132 int overflow waiters   (past SLOTS waiters)
   *   136 int  waiting: slots in state WAITING
   *   140 int  high water: 1 + the highest slot index ever claimed
   *   144 long next ticket
   *   256 SLOTS x 24 bytes: slot i at 256 + 24 i
   *          +0  int  state: FREE, WAITING or NOTIFIED (futex word of its waiter)
   *          +8  long owner word of the waiter's process (Liveness)
   *          +16 long ticket: the order of arrival
   *
   * The rule: FREE -> WAITING (claim) and WAITING -> NOTIFIED (signal) happen only under the lock;
   * WAITING -> FREE (a waiter that gives up) is a CAS outside it, so exactly one of a signal and a
   * give-up wins a slot, and a waiter that loses the CAS was signalled. A signalled waiter frees
   * its slot (NOTIFIED -> FREE) when it wakes. Tickets are read and written under the lock only.
   */
  @Serial private static final long serialVersionUID = 1L;

  static final int FREE = 0;
  static final int WAITING = 1;
  static final int NOTIFIED = 2;
  static final long SEGMENT_BYTES = 8192;
  private static final long WAITING_OFFSET = 136;
  private static final long HIGH_WATER_OFFSET = 140;
  private static final long TICKET_OFFSET = 144;
  private static final long SLOTS_OFFSET = 256;
  private static final int SLOT_BYTES = 24;
  static final int SLOTS = (int) ((SEGMENT_BYTES - SLOTS_OFFSET) / SLOT_BYTES);

  private final ProcessMutex lock;
  private final transient WaitWord overflow;
  private final transient Futex futex = Futex.get();

  ShmCondition(SharedSegment segment, ProcessMutex lock) {
    super(segment);
    if (segment.size() < SEGMENT_BYTES) {
      throw new IllegalStateException(
          "segment "
              + segment.name()
              + " is too small for a condition: "
              + segment.size()
              + " bytes, needs "
              + SEGMENT_BYTES);
    }
    this.lock = lock;
    this.overflow = new WaitWord(m, SyncLayout.WORD_OFFSET);
  }

  static ShmCondition create(ProcessMutex lock) {
    return new ShmCondition(create(SyncLayout.Kind.CONDITION, SEGMENT_BYTES, 0, false, 0), lock);
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.CONDITION;
  }

  @Override
  Serializable handleExtra() {
    return lock;
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public void await() throws InterruptedException {
    checkOpen();
    awaitNanos(Futex.FOREVER, true);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    checkOpen();
    return awaitNanos(Timeouts.nanos(timeout), false);
  }

  private boolean awaitNanos(long nanos, boolean untimed) throws InterruptedException {
    checkHeld();
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting on " + this);
    }
    int slot = claim();
    if (slot < 0) {
      return awaitOverflow(nanos, untimed);
    }
    int holds = lock.releaseForWait();
    long waited = Recorder.waitStart();
    boolean signalled = false;
    try {
      signalled = sleepOn(slot, nanos, untimed);
      return signalled;
    } finally {
      if (waited != 0) {
        Recorder.conditionWait("condition of " + lock.describe(), waited, signalled);
      }
      lock.reacquire(holds);
    }
  }

  /**
   * Sleeps on {@code slot} until signalled (true) or the time runs out (false); the slot is freed.
   */
  private boolean sleepOn(int slot, long nanos, boolean untimed) throws InterruptedException {
    long state = stateOffset(slot);
    long start = System.nanoTime();
    try {
      while (MemoryAccess.intAcquire(m, state) == WAITING) {
        long remaining = untimed ? Futex.FOREVER : nanos - (System.nanoTime() - start);
        if (remaining <= 0) {
          if (giveUp(slot)) {
            return false;
          }
          break; // signalled as the time ran out: the signal is ours
        }
        futex.wait(m, state, WAITING, remaining);
      }
    } catch (InterruptedException e) {
      if (giveUp(slot)) {
        throw e;
      }
      Thread.currentThread().interrupt(); // signalled as it was interrupted: keep both
    }
    MemoryAccess.setIntRelease(m, state, FREE);
    return true;
  }

  /** A waiter stops waiting on its own; false if a signal took its slot first. */
  private boolean giveUp(int slot) {
    if (MemoryAccess.casInt(m, stateOffset(slot), WAITING, FREE)) {
      MemoryAccess.getAndAddInt(m, WAITING_OFFSET, -1);
      return true;
    }
    return false;
  }

  /** Claims a free slot for the calling waiter, which holds the lock; -1 if every slot is taken. */
  private int claim() {
    for (int attempt = 0; attempt < 2; attempt++) {
      for (int i = 0; i < SLOTS; i++) {
        long state = stateOffset(i);
        if (MemoryAccess.intVolatile(m, state) == FREE) {
          long ticket = MemoryAccess.longPlain(m, TICKET_OFFSET);
          MemoryAccess.setLongPlain(m, TICKET_OFFSET, ticket + 1);
          MemoryAccess.setLongPlain(m, state + 8, Liveness.SELF);
          MemoryAccess.setLongPlain(m, state + 16, ticket);
          if (i >= MemoryAccess.intPlain(m, HIGH_WATER_OFFSET)) {
            MemoryAccess.setIntPlain(m, HIGH_WATER_OFFSET, i + 1);
          }
          MemoryAccess.getAndAddInt(m, WAITING_OFFSET, 1);
          MemoryAccess.setIntVolatile(m, state, WAITING);
          return i;
        }
      }
      sweepDead();
    }
    return -1;
  }

  /** Frees the slots of waiters whose process died; with the lock held. */
  private void sweepDead() {
    int high = MemoryAccess.intPlain(m, HIGH_WATER_OFFSET);
    for (int i = 0; i < high; i++) {
      long state = stateOffset(i);
      int s = MemoryAccess.intVolatile(m, state);
      if (s != FREE && !Liveness.alive(MemoryAccess.longPlain(m, state + 8))) {
        if (s == WAITING) {
          giveUp(i);
        } else {
          MemoryAccess.casInt(m, state, NOTIFIED, FREE);
        }
      }
    }
  }

  /** Past {@link #SLOTS} waiters: wait on the shared sequence word, which a signal bumps. */
  private boolean awaitOverflow(long nanos, boolean untimed) throws InterruptedException {
    int seq = overflow.register();
    int holds;
    try {
      holds = lock.releaseForWait();
    } catch (RuntimeException e) {
      overflow.unregister();
      throw e;
    }
    int outcome;
    try {
      outcome = overflow.await(seq, nanos);
    } finally {
      overflow.unregister();
      lock.reacquire(holds);
    }
    return untimed || outcome != Futex.TIMED_OUT;
  }

  @Override
  public void signal() {
    signal(1);
  }

  @Override
  public void signal(int n) {
    checkOpen();
    if (n < 0) {
      throw new IllegalArgumentException("signal count must not be negative: n=" + n);
    }
    checkHeld();
    int left = n;
    if (left > 0 && MemoryAccess.intVolatile(m, WAITING_OFFSET) > 0) {
      left = wakeSlots(left);
    }
    if (left > 0 && overflow.waiters() > 0) {
      overflow.getAndAdd(1);
      overflow.wake(left);
    }
  }

  @Override
  public void signalAll() {
    signal(Integer.MAX_VALUE);
  }

  /** Signals up to {@code n} waiters in the order they came; returns how many signals are left. */
  private int wakeSlots(int n) {
    int high = MemoryAccess.intPlain(m, HIGH_WATER_OFFSET);
    long[] waiting = new long[Math.min(high, MemoryAccess.intVolatile(m, WAITING_OFFSET) + 8)];
    int count = 0;
    for (int i = 0; i < high && count < waiting.length; i++) {
      if (MemoryAccess.intVolatile(m, stateOffset(i)) == WAITING) {
        // ticket in the high bits, slot index in the low ones: sorting sorts by arrival
        waiting[count++] = MemoryAccess.longPlain(m, stateOffset(i) + 16) << 12 | i;
      }
    }
    Arrays.sort(waiting, 0, count);
    int left = n;
    for (int k = 0; k < count && left > 0; k++) {
      int slot = (int) (waiting[k] & 0xfff);
      long state = stateOffset(slot);
      if (!MemoryAccess.casInt(m, state, WAITING, NOTIFIED)) {
        continue; // it gave up meanwhile
      }
      MemoryAccess.getAndAddInt(m, WAITING_OFFSET, -1);
      if (futex.wake(m, state, 1) == 0 && !Liveness.alive(MemoryAccess.longPlain(m, state + 8))) {
        MemoryAccess.setIntRelease(m, state, FREE); // its process died: the signal goes to the next
        continue;
      }
      left--; // woken, or about to look at its word (not asleep yet, between waits)
    }
    return left;
  }

  private static long stateOffset(int slot) {
    return SLOTS_OFFSET + (long) slot * SLOT_BYTES;
  }

  private void checkHeld() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "the calling thread must hold "
              + lock.describe()
              + " to wait on or signal its condition");
    }
  }

  @Override
  public String toString() {
    return "Condition " + name + " over " + lock.describe();
  }
}
