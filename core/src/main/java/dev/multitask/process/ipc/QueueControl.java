package dev.multitask.process.ipc;

import static dev.multitask.process.ipc.QueueDescriptor.*;

import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SegmentFiles;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.WaitWord;
import dev.multitask.spi.QueueOrder;
import java.lang.foreign.MemorySegment;

/**
 * A process queue's control segment, as one process maps it: the locks, counters, names and wait
 * words drawn in {@link QueueDescriptor}, with their access modes in the method names.
 */
final class QueueControl implements AutoCloseable {
  private static final QueueOrder[] ORDERS = QueueOrder.values();

  private final SharedSegment segment;
  private final MemorySegment m;
  final RobustMutex producerLock;
  final RobustMutex consumerLock;
  final QueueOrder order;
  final long capacity;
  final long ownerPid;

  /** Bumped when an element is put, or the queue closes: takers wait on it. */
  final WaitWord notEmpty;

  /** Bumped when an element is taken, or the queue closes: putters wait on it. */
  final WaitWord notFull;

  /** Bumped when the last unfinished task is done: {@code join} waits on it. */
  final WaitWord allDone;

  private QueueControl(SharedSegment segment) {
    this.segment = segment;
    this.m = segment.memory();
    this.order = ORDERS[MemoryAccess.intPlain(m, ORDER_OFFSET)];
    this.capacity = MemoryAccess.longPlain(m, CAPACITY_OFFSET);
    this.ownerPid = MemoryAccess.longPlain(m, OWNER_PID_OFFSET);
    this.producerLock = new RobustMutex(m, PRODUCER_LOCK_OFFSET);
    this.consumerLock = new RobustMutex(m, CONSUMER_LOCK_OFFSET);
    this.notEmpty = new WaitWord(m, NOT_EMPTY_SEQ_OFFSET);
    this.notFull = new WaitWord(m, NOT_FULL_SEQ_OFFSET);
    this.allDone = new WaitWord(m, ALL_DONE_SEQ_OFFSET);
  }

  static QueueControl create(QueueOrder order, long capacity) {
    SharedSegment segment = SharedSegment.create(SIZE);
    MemorySegment m = segment.memory();
    MemoryAccess.setIntPlain(m, VERSION_OFFSET, VERSION);
    MemoryAccess.setIntPlain(m, ORDER_OFFSET, order.ordinal());
    MemoryAccess.setLongPlain(m, CAPACITY_OFFSET, capacity);
    MemoryAccess.setLongPlain(m, OWNER_PID_OFFSET, SegmentFiles.self());
    MemoryAccess.setIntRelease(m, MAGIC_OFFSET, MAGIC); // last: an attacher seeing it sees the rest
    return new QueueControl(segment);
  }

  static QueueControl attach(String name) {
    SharedSegment segment = SharedSegment.attach(name);
    MemorySegment m = segment.memory();
    int magic = segment.size() == SIZE ? MemoryAccess.intAcquire(m, MAGIC_OFFSET) : 0;
    int version = magic == MAGIC ? MemoryAccess.intPlain(m, VERSION_OFFSET) : 0;
    int order = MemoryAccess.intPlain(m, ORDER_OFFSET);
    if (magic != MAGIC || version != VERSION || order < 0 || order >= ORDERS.length) {
      segment.close();
      throw new IllegalStateException(
          "segment "
              + name
              + " is not a version "
              + VERSION
              + " queue: magic="
              + Integer.toHexString(magic)
              + ", version="
              + version
              + ", size="
              + segment.size());
    }
    return new QueueControl(segment);
  }

  String name() {
    return segment.name();
  }

  /**
   * What is wrong with the control segment's file, or null if nothing shows: see {@link
   * SharedSegment#describeDamage()}.
   */
  String describeDamage() {
    return segment.describeDamage();
  }

  boolean isOwner() {
    return segment.isCreator();
  }

  long putCountAcquire() {
    return MemoryAccess.longAcquire(m, PUT_COUNT_OFFSET);
  }

  void setPutCountRelease(long count) {
    MemoryAccess.setLongRelease(m, PUT_COUNT_OFFSET, count);
  }

  long takeCountAcquire() {
    return MemoryAccess.longAcquire(m, TAKE_COUNT_OFFSET);
  }

  void setTakeCountRelease(long count) {
    MemoryAccess.setLongRelease(m, TAKE_COUNT_OFFSET, count);
  }

  long tasksDoneVolatile() {
    return MemoryAccess.longVolatile(m, TASKS_DONE_OFFSET);
  }

  boolean casTasksDone(long expected, long value) {
    return MemoryAccess.casLong(m, TASKS_DONE_OFFSET, expected, value);
  }

  /** Before a large element's file is written: the owner's release then looks for such files. */
  void markBlobs() {
    if (MemoryAccess.intVolatile(m, BLOBS_OFFSET) == 0) {
      MemoryAccess.setIntVolatile(m, BLOBS_OFFSET, 1);
    }
  }

  /** Whether a large element's file was ever written for this queue. */
  boolean hadBlobs() {
    return MemoryAccess.intVolatile(m, BLOBS_OFFSET) != 0;
  }

  boolean closedAcquire() {
    return MemoryAccess.intAcquire(m, CLOSED_OFFSET) != 0;
  }

  /** Producer lock held. */
  void setClosedRelease() {
    MemoryAccess.setIntRelease(m, CLOSED_OFFSET, 1);
  }

  long writeGenAcquire() {
    return MemoryAccess.longAcquire(m, WRITE_GEN_OFFSET);
  }

  String writeName() {
    return MemoryAccess.ascii(m, WRITE_NAME_OFFSET, NAME_FIELD_LENGTH);
  }

  /** Producer lock held: names the current write segment and returns its new generation. */
  long setWriteName(String name) {
    MemoryAccess.setAscii(m, WRITE_NAME_OFFSET, NAME_FIELD_LENGTH, name);
    return bumpWriteGen();
  }

  /** Producer lock held: makes every process re-read the write name (after a takeover). */
  long bumpWriteGen() {
    long gen = MemoryAccess.longPlain(m, WRITE_GEN_OFFSET) + 1;
    MemoryAccess.setLongRelease(m, WRITE_GEN_OFFSET, gen);
    return gen;
  }

  long readGenAcquire() {
    return MemoryAccess.longAcquire(m, READ_GEN_OFFSET);
  }

  String readName() {
    return MemoryAccess.ascii(m, READ_NAME_OFFSET, NAME_FIELD_LENGTH);
  }

  /** Consumer lock held. */
  long setReadName(String name) {
    MemoryAccess.setAscii(m, READ_NAME_OFFSET, NAME_FIELD_LENGTH, name);
    return bumpReadGen();
  }

  /** Consumer lock held. */
  long bumpReadGen() {
    long gen = MemoryAccess.longPlain(m, READ_GEN_OFFSET) + 1;
    MemoryAccess.setLongRelease(m, READ_GEN_OFFSET, gen);
    return gen;
  }

  /** Unmaps the segment in this process (the owner's close also unlinks it). */
  @Override
  public void close() {
    segment.close();
  }
}
