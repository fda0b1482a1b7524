package dev.multitask.process.ipc;

import static dev.multitask.process.ipc.RingDescriptor.RECORD_HEADER_LENGTH;
import static dev.multitask.process.ipc.RingDescriptor.checkCapacity;
import static dev.multitask.process.ipc.SharedRingDescriptor.*;

import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SharedSegment;
import java.lang.foreign.MemorySegment;

/**
 * A bounded multi-producer multi-consumer ring of byte records in one {@link SharedSegment}, shared
 * by any number of threads in any number of processes: a test fixture. The process queues chain
 * {@link ChainRing}s instead, which share its {@link RingBuffer} and {@link RingDescriptor} record
 * protocol, so its tests are the record protocol's (the rebase of an empty ring included, which
 * only this ring uses) and {@link RobustMutex}'s cross-process takeover tests. One process
 * {@linkplain #create creates} it, others {@linkplain #attach attach} by {@linkplain #name() name};
 * its header is drawn in {@link SharedRingDescriptor}.
 *
 * <p>Messages come out in the order they went in (one total order across all producers); each is
 * delivered to exactly one consumer. {@link #offer(byte[])} and {@link #poll()} never wait for
 * space or data (they may wait briefly for the producer or consumer lock, held only for a copy);
 * {@link #offer(byte[], long)} and {@link #poll(long)} wait up to a timeout and report it as {@code
 * false} or {@code null}; {@link #put} and {@link #take} wait without limit. Every waiting method
 * is interruptible: it throws {@link InterruptedException}, clears the flag, and has not
 * transferred a message. Waiters spin for about 10 µs, then block in {@link Futex} and use no CPU;
 * a native futex wait pins a virtual thread's carrier, so block on this class from platform
 * threads. Producers serialize on one {@link RobustMutex} and consumers on another, so this is
 * blocking, not lock-free: each side's lock is held for one copy.
 *
 * <p>Memory consistency effects: actions of a thread before it offers a message happen-before the
 * actions of the thread, in whatever process, that receives it after polling.
 *
 * <p>Limits: capacity is a power of two from {@value RingDescriptor#MIN_CAPACITY} to {@value
 * RingDescriptor#MAX_CAPACITY} bytes; a message takes its length plus 8, rounded up to 8, and may
 * be at most {@code capacity - 8} bytes, a longer one is an {@link IllegalArgumentException}
 * (streaming larger messages in parts is a later layer's job, as is growing without bound by
 * chaining rings).
 *
 * <p><b>Failures:</b> a producer killed at any point never publishes a partial record (see {@link
 * RingDescriptor}'s rule); the next producer takes its lock over and carries on. A consumer killed
 * after it stored {@code head} past the message it was copying loses that one message; one killed
 * before it loses nothing, the next consumer delivers it. No message is ever delivered twice.
 */
public final class SharedRing implements AutoCloseable {
  /*
   * Producers serialize on one RobustMutex and consumers on another: each side does one short
   * copy under its lock, so a lock-free claim protocol would buy little and make a dead producer's
   * half-claimed slot much harder to repair. Each side caches the other side's counter (tail for
   * consumers, head for producers) in a plain field read under its JVM-local lock: both counters
   * only grow, so a stale copy only understates what is available and is re-read then.
   *
   * Blocking: notEmpty and notFull are futex sequence words with waiter counts. A waiter
   * increments the count (a full fence), reads the sequence, re-checks its condition and waits on
   * the sequence value; a signaller publishes (release), full fence, and only if the count is
   * non-zero bumps the sequence and wakes all, so the uncontended path makes no syscall and writes
   * no shared word. All waiters are woken because a woken one may give up (timeout, interrupt)
   * without taking the message or the space it was woken for.
   */
  private final SharedSegment segment;
  private final MemorySegment memory;
  private final int capacity;
  private final RobustMutex producerLock;
  private final RobustMutex consumerLock;
  private final RingBuffer buffer;
  private final Futex futex = Futex.get();
  private volatile int producerTakeovers; // written under producerLock
  private volatile int consumerTakeovers; // written under consumerLock
  private boolean closed; // guarded by this

  private SharedRing(SharedSegment segment, int capacity) {
    this.segment = segment;
    this.memory = segment.memory();
    this.capacity = capacity;
    this.producerLock = new RobustMutex(memory, PRODUCER_LOCK_OFFSET);
    this.consumerLock = new RobustMutex(memory, CONSUMER_LOCK_OFFSET);
    this.buffer =
        new RingBuffer(
            memory,
            segment.name(),
            TAIL_OFFSET,
            HEAD_OFFSET,
            DATA_OFFSET,
            capacity,
            new RingBuffer.RebaseLock() {
              @Override
              public void lock() throws InterruptedException {
                if (consumerLock.lockInterruptibly()) {
                  consumerTakeovers++;
                }
              }

              @Override
              public void unlock() {
                consumerLock.unlock(this);
              }
            });
  }

  /** Creates a ring with {@code capacityBytes} of data (a power of two, see the limits above). */
  public static SharedRing create(int capacityBytes) {
    checkCapacity(capacityBytes);
    SharedSegment segment = SharedSegment.create(DATA_OFFSET + capacityBytes);
    MemorySegment m = segment.memory();
    MemoryAccess.setIntRelease(m, VERSION_OFFSET, VERSION);
    MemoryAccess.setLongRelease(m, CAPACITY_OFFSET, capacityBytes);
    MemoryAccess.setIntRelease(m, MAGIC_OFFSET, MAGIC); // last: an attacher seeing it sees the rest
    return new SharedRing(segment, capacityBytes);
  }

  /** Attaches to the ring another process (or this one) created under {@code name}. */
  public static SharedRing attach(String name) {
    SharedSegment segment = SharedSegment.attach(name);
    try {
      MemorySegment m = segment.memory();
      int magic = segment.size() >= DATA_OFFSET ? MemoryAccess.intAcquire(m, MAGIC_OFFSET) : 0;
      int version = magic == MAGIC ? MemoryAccess.intAcquire(m, VERSION_OFFSET) : 0;
      long capacity = magic == MAGIC ? MemoryAccess.longAcquire(m, CAPACITY_OFFSET) : 0;
      if (magic != MAGIC || version != VERSION || capacity + DATA_OFFSET != segment.size()) {
        throw new IllegalStateException(
            "segment "
                + name
                + " is not a version "
                + VERSION
                + " ring: magic="
                + Integer.toHexString(magic)
                + ", version="
                + version
                + ", capacity="
                + capacity
                + ", size="
                + segment.size());
      }
      return new SharedRing(segment, (int) capacity);
    } catch (RuntimeException e) {
      segment.close();
      throw e;
    }
  }

  /** The name another process attaches by. */
  public String name() {
    return segment.name();
  }

  /** Bytes in the data area. */
  public int capacity() {
    return capacity;
  }

  /** The largest message this ring accepts: {@code capacity() - 8}. */
  public int maxMessageLength() {
    return RingDescriptor.maxMessageLength(capacity);
  }

  /** Adds {@code msg} if there is room now; {@code false} if the ring is full. */
  public boolean offer(byte[] msg) {
    checkLength(msg);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return tryOffer(msg);
        } catch (InterruptedException e) {
          interrupted =
              true; // the lock wait is short: finish it, keep the interrupt for the caller
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Adds {@code msg}, waiting up to {@code timeoutNanos} for room; {@code false} on timeout. */
  public boolean offer(byte[] msg, long timeoutNanos) throws InterruptedException {
    checkLength(msg);
    long start = System.nanoTime();
    while (true) {
      if (tryOffer(msg)) {
        return true;
      }
      long remaining = timeoutNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return false;
      }
      awaitRoom(msg.length, remaining);
    }
  }

  /** Adds {@code msg}, waiting as long as it takes for room. */
  public void put(byte[] msg) throws InterruptedException {
    offer(msg, Futex.FOREVER);
  }

  /** Removes the next message if there is one now; {@code null} if the ring is empty. */
  public byte[] poll() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return tryPoll();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Removes the next message, waiting up to {@code timeoutNanos} for one; {@code null} on timeout.
   */
  public byte[] poll(long timeoutNanos) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      byte[] msg = tryPoll();
      if (msg != null) {
        return msg;
      }
      long remaining = timeoutNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return null;
      }
      awaitMessage(remaining);
    }
  }

  /** Removes the next message, waiting as long as it takes for one. */
  public byte[] take() throws InterruptedException {
    return poll(Futex.FOREVER);
  }

  private void checkLength(byte[] msg) {
    if (msg.length > maxMessageLength()) {
      throw new IllegalArgumentException(
          "message too large for ring: length="
              + msg.length
              + ", maxMessageLength="
              + maxMessageLength()
              + " (capacity="
              + capacity
              + " - record header="
              + RECORD_HEADER_LENGTH
              + ")");
    }
  }

  private boolean tryOffer(byte[] msg) throws InterruptedException {
    if (producerLock.lockInterruptibly()) {
      producerTakeovers++; // nothing to repair: a dead producer published nothing past tail
    }
    boolean written;
    boolean published;
    try {
      long tail = buffer.tailAcquire();
      written = buffer.write(msg);
      published = buffer.tailAcquire() != tail; // a padding record alone counts
    } finally {
      producerLock.unlock(this);
    }
    if (published) {
      signal(NOT_EMPTY_SEQ_OFFSET, NOT_EMPTY_WAITERS_OFFSET);
    }
    return written;
  }

  private byte[] tryPoll() throws InterruptedException {
    if (consumerLock.lockInterruptibly()) {
      consumerTakeovers++; // nothing to repair: head only ever moves past a fully copied record
    }
    byte[] msg;
    boolean consumed;
    try {
      long head = buffer.headAcquire();
      msg = buffer.read();
      consumed = buffer.headAcquire() != head; // a padding record alone frees room too
    } finally {
      consumerLock.unlock(this);
    }
    if (consumed) {
      signal(NOT_FULL_SEQ_OFFSET, NOT_FULL_WAITERS_OFFSET);
    }
    return msg;
  }

  private void awaitRoom(int length, long timeoutNanos) throws InterruptedException {
    long start = System.nanoTime();
    do { // unregistered first, so a consumer that frees room meanwhile makes no wake syscall for us
      for (int i = 0; i < 64; i++) {
        Thread.onSpinWait();
        if (buffer.hasRoomNow(length)) {
          return;
        }
      }
    } while (System.nanoTime() - start < Futex.SPIN_NANOS);
    MemoryAccess.getAndAddInt(memory, NOT_FULL_WAITERS_OFFSET, 1);
    try {
      int seq = MemoryAccess.intVolatile(memory, NOT_FULL_SEQ_OFFSET);
      if (!buffer.hasRoomNow(length)) {
        futex.wait(memory, NOT_FULL_SEQ_OFFSET, seq, timeoutNanos);
      }
    } finally {
      MemoryAccess.getAndAddInt(memory, NOT_FULL_WAITERS_OFFSET, -1);
    }
  }

  private void awaitMessage(long timeoutNanos) throws InterruptedException {
    if (spinWhileEmpty()) {
      return;
    }
    MemoryAccess.getAndAddInt(memory, NOT_EMPTY_WAITERS_OFFSET, 1);
    try {
      int seq = MemoryAccess.intVolatile(memory, NOT_EMPTY_SEQ_OFFSET);
      if (buffer.isEmptyNow()) {
        futex.wait(memory, NOT_EMPTY_SEQ_OFFSET, seq, timeoutNanos);
      }
    } finally {
      MemoryAccess.getAndAddInt(memory, NOT_EMPTY_WAITERS_OFFSET, -1);
    }
  }

  // unregistered, so a producer that publishes meanwhile makes no wake syscall for us
  private boolean spinWhileEmpty() {
    long start = System.nanoTime();
    do {
      for (int i = 0; i < 64; i++) {
        Thread.onSpinWait();
        if (buffer.hasMessageAcquire()) {
          return true;
        }
      }
    } while (System.nanoTime() - start < Futex.SPIN_NANOS);
    return false;
  }

  private void signal(long seqOffset, long waitersOffset) {
    MemoryAccess
        .fullFence(); // the counter store before the read of waiters, against a waiter's getAndAdd
    if (MemoryAccess.intVolatile(memory, waitersOffset) > 0) {
      MemoryAccess.getAndAddInt(memory, seqOffset, 1);
      futex.wake(memory, seqOffset, Integer.MAX_VALUE);
    }
  }

  RobustMutex producerLock() {
    return producerLock;
  }

  RobustMutex consumerLock() {
    return consumerLock;
  }

  /** How often this instance took the producer lock over from a dead process. */
  int producerTakeovers() {
    return producerTakeovers;
  }

  /** How often this instance took the consumer lock over from a dead process. */
  int consumerTakeovers() {
    return consumerTakeovers;
  }

  /**
   * Unmaps the ring in this process; the creator's close also removes the name. Messages still in
   * it are lost once every process has closed it.
   *
   * @throws IllegalStateException if a thread of this process is still blocked on the ring
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    segment.close();
    closed = true;
  }

  @Override
  public String toString() {
    return "SharedRing[" + segment.name() + ", capacity=" + capacity + "]";
  }
}
