package dev.multitask.shm;

import static dev.multitask.shm.RingDescriptor.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A bounded multi-producer multi-consumer ring of byte records in one {@link SharedSegment}, shared
 * by any number of threads in any number of processes: the transport under the processes
 * backend's queues. One process {@linkplain #create creates} it, others {@linkplain #attach attach}
 * by {@linkplain #name() name}; the layout is drawn in {@link RingDescriptor}.
 *
 * <p>Messages come out in the order they went in (one total order across all producers); each is
 * delivered to exactly one consumer. {@link #offer(byte[])} and {@link #poll()} never wait for
 * space or data (they may wait briefly for the producer or consumer lock, held only for a copy);
 * {@link #offer(byte[], long)} and {@link #poll(long)} wait up to a timeout and report it as
 * {@code false} or {@code null}; {@link #put} and {@link #take} wait without limit. Every waiting
 * method is interruptible: it throws {@link InterruptedException}, clears the flag, and has not
 * transferred a message. Waiters spin for about 10 µs, then block in
 * {@link Futex} and use no CPU; a native futex wait pins a virtual thread's carrier, so block on
 * this class from platform threads. Producers serialize on one {@link ProcessLock} and consumers on
 * another, so this is blocking, not lock-free: each side's lock is held for one copy.
 *
 * <p>Memory consistency effects: actions of a thread before it offers a message happen-before the
 * actions of the thread, in whatever process, that receives it after polling.
 *
 * <p>Limits: capacity is a power of two from {@value RingDescriptor#MIN_CAPACITY} to
 * {@value RingDescriptor#MAX_CAPACITY} bytes; a message takes its length plus 8, rounded up to 8,
 * and may be at most {@code capacity - 8} bytes, a longer one is an
 * {@link IllegalArgumentException} (streaming larger messages in parts is a later layer's job, as
 * is growing without bound by chaining rings).
 *
 * <p><b>Failures:</b> a producer killed at any point never publishes a partial record (see
 * {@link RingDescriptor}'s rule); the next producer takes its lock over and carries on. A consumer
 * killed after it stored {@code head} past the message it was copying loses that one message; one
 * killed before it loses nothing, the next consumer delivers it. No message is ever delivered twice.
 */
public final class SharedRing implements AutoCloseable {
  /*
   * Producers serialize on one ProcessLock and consumers on another: each side does one short
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
  private final int mask;
  private final ProcessLock producerLock;
  private final ProcessLock consumerLock;
  private final Futex futex = Futex.get();
  private long headCache; // guarded by producerLock
  private long tailCache; // guarded by consumerLock
  private volatile int producerTakeovers; // written under producerLock
  private volatile int consumerTakeovers; // written under consumerLock
  private boolean closed; // guarded by this

  private SharedRing(SharedSegment segment, int capacity) {
    this.segment = segment;
    this.memory = segment.memory();
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.producerLock = new ProcessLock(segment, PRODUCER_LOCK_OFFSET, PRODUCER_LOCK_SEQ_OFFSET,
        PRODUCER_LOCK_WAITERS_OFFSET);
    this.consumerLock = new ProcessLock(segment, CONSUMER_LOCK_OFFSET, CONSUMER_LOCK_SEQ_OFFSET,
        CONSUMER_LOCK_WAITERS_OFFSET);
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
        throw new IllegalStateException("segment " + name + " is not a version " + VERSION + " ring: magic="
            + Integer.toHexString(magic) + ", version=" + version + ", capacity=" + capacity + ", size=" + segment.size());
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
          interrupted = true; // the lock wait is short: finish it, keep the interrupt for the caller
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

  /** Removes the next message, waiting up to {@code timeoutNanos} for one; {@code null} on timeout. */
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
      throw new IllegalArgumentException("message too large for ring: length=" + msg.length
          + ", maxMessageLength=" + maxMessageLength() + " (capacity=" + capacity + " - record header="
          + RECORD_HEADER_LENGTH + ")");
    }
  }

  private boolean tryOffer(byte[] msg) throws InterruptedException {
    if (producerLock.lockInterruptibly()) {
      producerTakeovers++; // nothing to repair: a dead producer published nothing past tail
    }
    boolean written;
    boolean published;
    try {
      long tail = tailAcquire();
      written = write(msg, tail);
      published = tailAcquire() != tail; // a padding record alone counts
    } finally {
      producerLock.unlock();
    }
    if (published) {
      signal(NOT_EMPTY_SEQ_OFFSET, NOT_EMPTY_WAITERS_OFFSET);
    }
    return written;
  }

  // under the producer lock
  private boolean write(byte[] msg, long tail) throws InterruptedException {
    final MemorySegment m = memory;
    int index = (int) (tail & mask);
    int toEnd = capacity - index;
    int recordLength = recordLength(msg.length);
    if (recordLength > toEnd) {
      if (!hasRoom(tail, toEnd)) {
        return false;
      }
      if (toEnd + recordLength > capacity && hasRoom(tail, capacity) && rebaseIfEmpty(tail, toEnd)) {
        // the ring was empty: both counters now stand at the next lap, no padding needed
        tail += toEnd;
        index = 0;
        return writeAt(msg, tail, index, recordLength);
      }
      // pad to the end and publish that alone: the message then starts at 0 whenever there is room
      long at = DATA_OFFSET + index;
      MemoryAccess.setIntPlain(m, at + TYPE_OFFSET, PADDING);
      MemoryAccess.setIntRelease(m, at + LENGTH_OFFSET, toEnd - RECORD_HEADER_LENGTH);
      tail += toEnd;
      setTailRelease(tail);
      index = 0;
    }
    return writeAt(msg, tail, index, recordLength);
  }

  private boolean writeAt(byte[] msg, long tail, int index, int recordLength) {
    final MemorySegment m = memory;
    if (!hasRoom(tail, recordLength)) {
      return false;
    }
    long at = DATA_OFFSET + index;
    MemorySegment.copy(msg, 0, m, ValueLayout.JAVA_BYTE, at + RECORD_HEADER_LENGTH, msg.length);
    MemoryAccess.setIntPlain(m, at + TYPE_OFFSET, MESSAGE);
    MemoryAccess.setIntRelease(m, at + LENGTH_OFFSET, msg.length);
    setTailRelease(tail + recordLength); // publishes the record
    return true;
  }

  /*
   * A record that must start at the next lap needs the padding consumed first; in an empty ring
   * nobody may be there to consume it (a message of capacity - 8 bytes could never be offered
   * without a consumer). So the producer takes the consumer lock too (always in this order, and
   * consumers never take the producer lock) and moves head and tail together to the next lap.
   */
  private boolean rebaseIfEmpty(long tail, int toEnd) throws InterruptedException {
    if (consumerLock.lockInterruptibly()) {
      consumerTakeovers++;
    }
    try {
      if (headAcquire() != tail) {
        return false;
      }
      // a valid padding first: killed between the two stores below, we leave a consistent ring
      long at = DATA_OFFSET + (tail & mask);
      MemoryAccess.setIntPlain(memory, at + TYPE_OFFSET, PADDING);
      MemoryAccess.setIntRelease(memory, at + LENGTH_OFFSET, toEnd - RECORD_HEADER_LENGTH);
      setTailRelease(tail + toEnd);
      setHeadRelease(tail + toEnd);
      headCache = tail + toEnd;
      return true;
    } finally {
      consumerLock.unlock();
    }
  }

  private boolean hasRoom(long tail, int bytes) {
    if (tail + bytes - headCache <= capacity) {
      return true;
    }
    headCache = headAcquire();
    return tail + bytes - headCache <= capacity;
  }

  private byte[] tryPoll() throws InterruptedException {
    if (consumerLock.lockInterruptibly()) {
      consumerTakeovers++; // nothing to repair: head only ever moves past a fully copied record
    }
    byte[] msg;
    boolean consumed;
    try {
      long head = headAcquire();
      msg = read(head);
      consumed = headAcquire() != head;
    } finally {
      consumerLock.unlock();
    }
    if (consumed) {
      signal(NOT_FULL_SEQ_OFFSET, NOT_FULL_WAITERS_OFFSET);
    }
    return msg;
  }

  // under the consumer lock; stores head past what it consumed
  private byte[] read(long head) {
    final MemorySegment m = memory;
    if (tailCache - head <= 0) { // head passes the cached tail when a producer rebased an empty ring
      tailCache = tailAcquire();
      if (tailCache == head) {
        return null;
      }
    }
    long tail = tailCache;
    int index = (int) (head & mask);
    long at = DATA_OFFSET + index;
    int length = MemoryAccess.intAcquire(m, at + LENGTH_OFFSET);
    int type = MemoryAccess.intPlain(m, at + TYPE_OFFSET);
    if (type == PADDING) {
      checkRecord(head, tail, type, length, capacity - index);
      head += capacity - index;
      setHeadRelease(head);
      return read(head);
    }
    checkRecord(head, tail, type, length, recordLength(Math.max(0, length)));
    byte[] msg = new byte[length];
    MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at + RECORD_HEADER_LENGTH, msg, 0, length);
    setHeadRelease(head + recordLength(length));
    return msg;
  }

  private void checkRecord(long head, long tail, int type, int length, int recordLength) {
    boolean ok = switch (type) {
      case MESSAGE -> length >= 0 && length <= maxMessageLength() && (head & mask) + recordLength <= capacity;
      case PADDING -> length == recordLength - RECORD_HEADER_LENGTH;
      default -> false;
    };
    if (!ok || head + recordLength > tail) {
      throw new IllegalStateException("ring " + name() + " is corrupt: record at head=" + head + " has type=" + type
          + ", length=" + length + ", tail=" + tail + ", capacity=" + capacity);
    }
  }

  private void awaitRoom(int length, long timeoutNanos) throws InterruptedException {
    long start = System.nanoTime();
    do { // unregistered first, so a consumer that frees room meanwhile makes no wake syscall for us
      for (int i = 0; i < 64; i++) {
        Thread.onSpinWait();
        if (hasRoomNow(length)) {
          return;
        }
      }
    } while (System.nanoTime() - start < Futex.SPIN_NANOS);
    MemoryAccess.getAndAddInt(memory, NOT_FULL_WAITERS_OFFSET, 1);
    try {
      int seq = MemoryAccess.intVolatile(memory, NOT_FULL_SEQ_OFFSET);
      if (!hasRoomNow(length)) {
        futex.wait(memory, NOT_FULL_SEQ_OFFSET, seq, timeoutNanos);
      }
    } finally {
      MemoryAccess.getAndAddInt(memory, NOT_FULL_WAITERS_OFFSET, -1);
    }
  }

  private boolean hasRoomNow(int length) {
    long tail = tailVolatile();
    long head = headVolatile();
    int toEnd = capacity - (int) (tail & mask);
    int recordLength = recordLength(length);
    // what write() needs next: room for the padding to the end first if the record would cross it
    int needed = recordLength <= toEnd ? recordLength : toEnd;
    return tail + needed - head <= capacity;
  }

  private void awaitMessage(long timeoutNanos) throws InterruptedException {
    if (spinWhileEmpty()) {
      return;
    }
    MemoryAccess.getAndAddInt(memory, NOT_EMPTY_WAITERS_OFFSET, 1);
    try {
      int seq = MemoryAccess.intVolatile(memory, NOT_EMPTY_SEQ_OFFSET);
      if (tailVolatile() == headVolatile()) {
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
        if (tailAcquire() != headAcquire()) {
          return true;
        }
      }
    } while (System.nanoTime() - start < Futex.SPIN_NANOS);
    return false;
  }

  private void signal(long seqOffset, long waitersOffset) {
    MemoryAccess.fullFence(); // the counter store before the read of waiters, against a waiter's getAndAdd
    if (MemoryAccess.intVolatile(memory, waitersOffset) > 0) {
      MemoryAccess.getAndAddInt(memory, seqOffset, 1);
      futex.wake(memory, seqOffset, Integer.MAX_VALUE);
    }
  }

  // the two counters, with their access modes in the name (the rest of the layout is written once per record)
  private long headAcquire() {
    return MemoryAccess.longAcquire(memory, HEAD_OFFSET);
  }

  private long headVolatile() {
    return MemoryAccess.longVolatile(memory, HEAD_OFFSET);
  }

  private void setHeadRelease(long head) {
    MemoryAccess.setLongRelease(memory, HEAD_OFFSET, head);
  }

  private long tailAcquire() {
    return MemoryAccess.longAcquire(memory, TAIL_OFFSET);
  }

  private long tailVolatile() {
    return MemoryAccess.longVolatile(memory, TAIL_OFFSET);
  }

  private void setTailRelease(long tail) {
    MemoryAccess.setLongRelease(memory, TAIL_OFFSET, tail);
  }

  ProcessLock producerLock() {
    return producerLock;
  }

  ProcessLock consumerLock() {
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
    producerLock.release();
    consumerLock.release();
  }

  @Override
  public String toString() {
    return "SharedRing[" + segment.name() + ", capacity=" + capacity + "]";
  }
}
