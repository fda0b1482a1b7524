package dev.multitask.process.ipc;

import static dev.multitask.process.ipc.ChainDescriptor.FIRST_CAPACITY;
import static dev.multitask.process.ipc.ChainDescriptor.MAX_CAPACITY;

import java.util.ArrayList;
import java.util.List;

/**
 * The elements of a first-in-first-out process queue: a chain of {@link ChainRing}s. Producers fill
 * the newest ring; when it is full they seal it and start a twice larger one, so a producer never
 * waits for room and nothing waits in a background thread; consumers empty the oldest ring and,
 * once it is sealed and drained, unlink it and move to the next (the rule is in {@link
 * ChainDescriptor}). Each side keeps its own mapping of its current ring.
 */
final class FifoStore implements ElementStore {
  /** More rings than a sound chain ever has: a walk that gets this far follows damaged seals. */
  private static final int MAX_CHAIN = 1 << 20;

  private final QueueControl control;
  private ChainRing writeRing; // producer lock
  private long writeGen = -1; // producer lock
  private ChainRing readRing; // consumer lock
  private long readGen = -1; // consumer lock

  private FifoStore(QueueControl control) {
    this.control = control;
  }

  /** The store of a new queue: its first ring, named in the control segment. */
  static FifoStore create(QueueControl control) {
    ChainRing first = ChainRing.create(control.ownerPid, FIRST_CAPACITY);
    try {
      control.setWriteName(first.name());
      control.setReadName(first.name());
    } finally {
      first.close(); // each side maps it again when it first needs it
    }
    return new FifoStore(control);
  }

  static FifoStore attach(QueueControl control) {
    return new FifoStore(control);
  }

  @Override
  public boolean readsUnderProducerLock() {
    return false;
  }

  @Override
  public void write(byte[] element) {
    ChainRing ring = writeRing();
    if (write(ring, element)) {
      return;
    }
    ChainRing next =
        ChainRing.create(control.ownerPid, Math.min(ring.capacity() * 2, MAX_CAPACITY));
    ring.seal(next.name());
    writeGen = control.setWriteName(next.name());
    ring.close();
    writeRing = next;
    if (!write(next, element)) {
      throw new IllegalStateException(
          "queue ring "
              + next.name()
              + " is full when new: element of "
              + element.length
              + " bytes, capacity "
              + next.capacity());
    }
  }

  private static boolean write(ChainRing ring, byte[] element) {
    try {
      return ring.buffer.write(element);
    } catch (InterruptedException e) {
      throw new AssertionError("a queue ring never takes the consumer lock", e);
    }
  }

  // the current ring for producers: re-read when the control segment names another one, and
  // followed past sealed rings (a producer died between sealing and naming the next ring)
  private ChainRing writeRing() {
    long gen = control.writeGenAcquire();
    if (writeRing == null || gen != writeGen) {
      ChainRing ring = attachWriteRing();
      if (writeRing != null) {
        writeRing.close();
      }
      writeRing = ring;
      writeGen = gen;
    }
    while (writeRing.sealedAcquire()) {
      ChainRing next = ChainRing.attach(writeRing.nextName());
      writeRing.close();
      writeRing = next;
      writeGen = control.setWriteName(next.name());
    }
    return writeRing;
  }

  private ChainRing attachWriteRing() {
    try {
      return ChainRing.attach(control.writeName());
    } catch (IllegalStateException e) {
      // the named ring was drained and unlinked after a producer died before naming its successor:
      // the consumers' ring is alive, and the seals lead from it to the newest ring
      try {
        if (control.consumerLock.lockInterruptibly()) {
          recover(false);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw e;
      }
      try {
        return ChainRing.attach(control.readName());
      } finally {
        control.consumerLock.unlock(this);
      }
    }
  }

  @Override
  public byte[] read() {
    return read(true);
  }

  @Override
  public byte[] peek() {
    return read(false);
  }

  private byte[] read(boolean remove) {
    ChainRing ring = readRing();
    while (true) {
      byte[] element = remove ? ring.buffer.read() : ring.buffer.peek();
      if (element != null || !ring.sealedAcquire()) {
        return element;
      }
      element =
          remove
              ? ring.buffer.read()
              : ring.buffer.peek(); // published before the seal, after the first look
      if (element != null) {
        return element;
      }
      ring = advance(ring);
    }
  }

  /**
   * Walks the chain from the consumers' ring along the seals, copying the records between each
   * ring's {@code head} and {@code tail}; a ring past the consumers' one is mapped only for the
   * walk. The consumer lock keeps every {@code head} (and so every ring of the chain) where it is.
   */
  @Override
  public List<byte[]> snapshot() {
    List<byte[]> elements = new ArrayList<>();
    ChainRing ring = readRing();
    ChainRing walked = null; // a ring mapped for this walk alone
    try {
      for (int rings = 0; rings < MAX_CHAIN; rings++) {
        // the seal before the records: a sealed ring gains none, so its tail read next is its last
        boolean sealed = ring.sealedAcquire();
        ring.buffer.copyMessages(elements);
        if (!sealed) {
          return elements;
        }
        ChainRing next = ChainRing.attach(ring.nextName());
        if (walked != null) {
          walked.close();
        }
        walked = next;
        ring = next;
      }
    } finally {
      if (walked != null) {
        walked.close();
      }
    }
    throw new IllegalStateException(
        "queue chain from ring "
            + control.readName()
            + " has more than "
            + MAX_CHAIN
            + " rings: its seals are damaged");
  }

  @Override
  public boolean hasElement() {
    ChainRing ring = readRing();
    return !ring.buffer.isEmptyNow() || ring.sealedAcquire();
  }

  // a sealed, drained ring: nobody will read it again
  private ChainRing advance(ChainRing ring) {
    ChainRing next = ChainRing.attach(ring.nextName());
    readGen = control.setReadName(next.name());
    ring.unlink();
    ring.close();
    readRing = next;
    return next;
  }

  private ChainRing readRing() {
    long gen = control.readGenAcquire();
    if (readRing == null || gen != readGen) {
      ChainRing ring = ChainRing.attach(control.readName());
      if (readRing != null) {
        readRing.close();
      }
      readRing = ring;
      readGen = gen;
    }
    return readRing;
  }

  @Override
  public void recover(boolean producerLock) {
    // nothing in the rings to repair (tail and head are commit points); a dead holder may have
    // changed a name without its generation: make every process re-read it
    if (producerLock) {
      control.bumpWriteGen();
    } else {
      control.bumpReadGen();
    }
  }

  /**
   * Unlinks every ring of the chain, from the consumers' ring along the seals: the owner's release.
   */
  static void unlinkChain(QueueControl control) {
    String name = control.readName();
    for (int rings = 0; rings < MAX_CHAIN && !name.isEmpty(); rings++) {
      ChainRing ring;
      try {
        ring = ChainRing.attach(name);
      } catch (IllegalStateException gone) {
        return;
      }
      try {
        ring.unlink();
        name = ring.sealedAcquire() ? ring.nextName() : "";
      } finally {
        ring.close();
      }
    }
  }

  @Override
  public void close() {
    if (writeRing != null) {
      writeRing.close();
      writeRing = null;
    }
    if (readRing != null) {
      readRing.close();
      readRing = null;
    }
  }
}
