package dev.multitask.process.containers;

import static dev.multitask.process.containers.ContainerDescriptor.CLOSED_OFFSET;
import static dev.multitask.process.containers.ContainerDescriptor.GENERATION_OFFSET;
import static dev.multitask.process.containers.ContainerDescriptor.KIND_OFFSET;
import static dev.multitask.process.containers.ContainerDescriptor.MAGIC;
import static dev.multitask.process.containers.ContainerDescriptor.MAGIC_OFFSET;
import static dev.multitask.process.containers.ContainerDescriptor.MUTEX_OFFSET;
import static dev.multitask.process.containers.ContainerDescriptor.NAME_FIELD_LENGTH;
import static dev.multitask.process.containers.ContainerDescriptor.OWNER_OFFSET;
import static dev.multitask.process.containers.ContainerDescriptor.SIZE;
import static dev.multitask.process.containers.ContainerDescriptor.VERSION;
import static dev.multitask.process.containers.ContainerDescriptor.VERSION_OFFSET;

import dev.multitask.process.shm.Liveness;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One shared container's segments in this JVM: the control segment ({@link ContainerDescriptor})
 * mapped for the container's life, and the data segment in use, mapped again whenever another
 * process has moved it. Every operation runs between {@link #enter()} and {@link #exit()}, which
 * hold the container's {@link ContainerMutex}; the data segment is read and written only there.
 *
 * <p>{@link #enter()} refuses a recursive use (a function of {@code compute} that calls back into
 * its own container), fails at once when the manager has closed or its process has ended (the
 * latter checked at most every {@value #OWNER_CHECK_MILLIS} ms, in processes other than the
 * manager's), follows a move made by another process, and repairs the data segment's index when it
 * takes the mutex over from a process that died holding it.
 */
final class Container {
  static final long OWNER_CHECK_MILLIS = 100;
  private static final long OWNER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(OWNER_CHECK_MILLIS);

  private final String name;
  private final int kind;
  private final SharedSegment control;
  private final MemorySegment ctl;
  private final ContainerMutex mutex;
  private final long owner;
  private final boolean ownedHere;
  private volatile long nextOwnerCheck;

  /** Set by the owner's close, which then unmaps the control segment: calls must not touch it. */
  private volatile boolean unmapped;

  // guarded by the mutex
  private SharedSegment dataSegment;
  private MemorySegment data;
  private long generation = -1;

  private Container(SharedSegment control, int kind, long owner) {
    this.name = control.name();
    this.kind = kind;
    this.control = control;
    this.ctl = control.memory();
    this.mutex = new ContainerMutex(ctl, MUTEX_OFFSET);
    this.owner = owner;
    this.ownedHere = owner >>> 32 == Liveness.SELF_PID;
    this.nextOwnerCheck = System.nanoTime() + OWNER_CHECK_NANOS;
  }

  /**
   * Creates a container of {@code kind} for the manager of process {@code owner} (its owner word);
   * both segments carry the owner's pid, so they go with it whoever made them. {@code register} is
   * told the control segment's name before anything exists, and the data segment's name is written
   * into the control segment before that file exists: the manager's close finds both even if this
   * process is killed halfway ({@link #destroy}).
   */
  static Container create(
      int kind, long owner, long dataBytes, DataFormat format, Consumer<String> register) {
    long ownerPid = owner >>> 32;
    String controlName = SharedSegment.freshName(ownerPid);
    String dataName = SharedSegment.freshName(ownerPid);
    register.accept(controlName);
    SharedSegment control = SharedSegment.createFor(ownerPid, SIZE, controlName);
    MemorySegment c = control.memory();
    SharedSegment data;
    try {
      MemoryAccess.setIntPlain(c, VERSION_OFFSET, VERSION);
      MemoryAccess.setIntPlain(c, KIND_OFFSET, kind);
      MemoryAccess.setLongPlain(c, OWNER_OFFSET, owner);
      MemoryAccess.setAscii(c, ContainerDescriptor.nameSlot(0), NAME_FIELD_LENGTH, dataName);
      data = SharedSegment.createFor(ownerPid, dataBytes, dataName);
    } catch (RuntimeException | Error e) {
      control.unlink();
      closeQuietly(control);
      throw e;
    }
    try {
      format.format(data.memory(), dataBytes);
    } catch (RuntimeException | Error e) {
      data.unlink();
      closeQuietly(data);
      control.unlink();
      closeQuietly(control);
      throw e;
    }
    MemoryAccess.setIntRelease(c, MAGIC_OFFSET, MAGIC);
    Container container = new Container(control, kind, owner);
    container.dataSegment = data;
    container.data = data.memory();
    container.generation = 0;
    return container;
  }

  /**
   * Closes and removes the container whose control segment is {@code name}, as {@link #close()},
   * whether or not it was ever finished: a control segment without its magic (its maker was killed
   * while making it) has never been handed out, and only its names are unlinked.
   */
  static void destroy(String name, int kind) {
    SharedSegment control;
    try {
      control = SharedSegment.attach(name);
    } catch (IllegalStateException gone) {
      return; // never made, or removed already
    }
    MemorySegment c = control.memory();
    if (control.size() >= SIZE && MemoryAccess.intAcquire(c, MAGIC_OFFSET) == MAGIC) {
      new Container(control, kind, MemoryAccess.longPlain(c, OWNER_OFFSET)).closeAndUnmap();
      return;
    }
    if (control.size() >= SIZE) {
      unlinkSlots(c);
    }
    control.unlink();
    closeQuietly(control);
  }

  private static void unlinkSlots(MemorySegment c) {
    for (long slot = 0; slot < 2; slot++) {
      String dataName =
          MemoryAccess.ascii(c, ContainerDescriptor.nameSlot(slot), NAME_FIELD_LENGTH);
      if (!dataName.isEmpty()) {
        SharedSegment.unlinkName(dataName);
      }
    }
  }

  /** Maps the container whose control segment is {@code name}, made in another process. */
  static Container attach(String name, int kind) {
    SharedSegment control;
    try {
      control = SharedSegment.attach(name);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "this shared container is gone: its manager has closed, or the process"
              + " that made the manager has ended ("
              + e.getMessage()
              + ")",
          e);
    }
    MemorySegment c = control.memory();
    int magic = control.size() >= SIZE ? MemoryAccess.intAcquire(c, MAGIC_OFFSET) : 0;
    int version = magic == MAGIC ? MemoryAccess.intPlain(c, VERSION_OFFSET) : 0;
    int stored = magic == MAGIC ? MemoryAccess.intPlain(c, KIND_OFFSET) : 0;
    if (magic != MAGIC || version != VERSION || stored != kind) {
      control.close();
      throw new IllegalStateException(
          "segment "
              + name
              + " is not a version "
              + VERSION
              + " shared "
              + kindName(kind)
              + ": magic="
              + Integer.toHexString(magic)
              + ", version="
              + version
              + ", kind="
              + stored);
    }
    return new Container(control, kind, MemoryAccess.longPlain(c, OWNER_OFFSET));
  }

  /** How a new data segment is laid out before anyone can see it. */
  @FunctionalInterface
  interface DataFormat {
    void format(MemorySegment data, long bytes);
  }

  String name() {
    return name;
  }

  long owner() {
    return owner;
  }

  /**
   * Locks the container for one operation and returns its data segment.
   *
   * @throws IllegalStateException if the calling thread is already inside this container, or the
   *     manager has closed or its process has ended (the container is unlocked again)
   */
  MemorySegment enter() {
    if (unmapped) {
      throw closed();
    }
    if (mutex.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "recursive use of a shared "
              + kindName(kind)
              + ": a function given to compute, merge, update or the like called back into the same"
              + " container; compute what you need before the call");
    }
    boolean ownerDied = mutex.lock();
    try {
      checkAlive();
      long current = MemoryAccess.longAcquire(ctl, GENERATION_OFFSET);
      if (current != generation) {
        remap(current);
      }
      if (ownerDied) {
        repair();
      }
      return data;
    } catch (RuntimeException | Error e) {
      mutex.unlock();
      throw e;
    }
  }

  /** Unlocks after {@link #enter()}. */
  void exit() {
    mutex.unlock();
  }

  private IllegalStateException closed() {
    return new IllegalStateException(
        "this shared "
            + kindName(kind)
            + "'s manager is closed (by its close() or"
            + " its context's, in process "
            + (owner >>> 32)
            + "): its contents are gone; make a new manager");
  }

  private void checkAlive() {
    if (MemoryAccess.intPlain(ctl, CLOSED_OFFSET) != 0) {
      dropData();
      throw closed();
    }
    if (!ownedHere) {
      long now = System.nanoTime();
      if (now - nextOwnerCheck >= 0) {
        if (!Liveness.alive(owner)) {
          dropData();
          throw new IllegalStateException(
              "the process that made this shared "
                  + kindName(kind)
                  + "'s manager ("
                  + (owner >>> 32)
                  + ") has ended: the "
                  + kindName(kind)
                  + " ended with it");
        }
        nextOwnerCheck = now + OWNER_CHECK_NANOS;
      }
    }
  }

  /** Whether the manager has closed, or (checked now) its process has ended. */
  boolean isGone() {
    return unmapped
        || MemoryAccess.intVolatile(ctl, CLOSED_OFFSET) != 0
        || (!ownedHere && !Liveness.alive(owner));
  }

  private void remap(long current) {
    String dataName =
        MemoryAccess.ascii(ctl, ContainerDescriptor.nameSlot(current), NAME_FIELD_LENGTH);
    SharedSegment next = SharedSegment.attach(dataName);
    dropData();
    dataSegment = next;
    data = next.memory();
    generation = current;
  }

  private void repair() {
    if (kind == ContainerDescriptor.KIND_MAP) {
      MapStore.repair(data);
    } else {
      ListStore.repair(data);
    }
  }

  /**
   * A new data segment of {@code bytes} for this container (under the mutex), formatted, named
   * after the manager's process; call {@link #move} to make it the one in use. Its name goes into
   * the free slot before the file exists, after unlinking what that slot named (the segment a move
   * replaced, or one a mover killed before its move left), so nothing escapes the close.
   */
  SharedSegment newData(long bytes, DataFormat format) {
    long free = ContainerDescriptor.nameSlot(generation + 1);
    String stale = MemoryAccess.ascii(ctl, free, NAME_FIELD_LENGTH);
    if (!stale.isEmpty()) {
      SharedSegment.unlinkName(stale);
    }
    String name = SharedSegment.freshName(owner >>> 32);
    MemoryAccess.setAscii(ctl, free, NAME_FIELD_LENGTH, name);
    SharedSegment next = SharedSegment.createFor(owner >>> 32, bytes, name);
    try {
      format.format(next.memory(), bytes);
    } catch (RuntimeException | Error e) {
      next.unlink();
      closeQuietly(next);
      throw e;
    }
    return next;
  }

  /**
   * Makes {@code next}, filled by the caller, the data segment in use (under the mutex): its name
   * in the free slot, then the generation, the commit point; the old segment is unlinked.
   *
   * @return the new data segment's memory
   */
  MemorySegment move(SharedSegment next) {
    long nextGeneration = generation + 1;
    MemoryAccess.setAscii(
        ctl, ContainerDescriptor.nameSlot(nextGeneration), NAME_FIELD_LENGTH, next.name());
    MemoryAccess.setLongRelease(ctl, GENERATION_OFFSET, nextGeneration);
    SharedSegment old = dataSegment;
    dataSegment = next;
    data = next.memory();
    generation = nextGeneration;
    old.unlink();
    closeQuietly(old);
    return data;
  }

  /**
   * Closes the container for every process (the manager's close, in its process): marks it closed
   * under the mutex, unlinks both segments and unmaps both here (later calls in this JVM fail
   * without touching them; a closed container in a long-lived process must not keep a mapping).
   */
  void close() {
    close(null);
  }

  /**
   * {@link #close()}, after {@code lastLook} has read the data segment under the same hold of the
   * mutex (nothing can change it in between, and nothing after).
   *
   * @param lastLook what reads the contents, or null
   */
  void close(Consumer<MemorySegment> lastLook) {
    if (unmapped) {
      return;
    }
    boolean ownerDied = mutex.lock();
    try {
      if (MemoryAccess.intPlain(ctl, CLOSED_OFFSET) != 0) {
        unmapped = true;
        return;
      }
      long current = MemoryAccess.longAcquire(ctl, GENERATION_OFFSET);
      if (lastLook != null) {
        if (current != generation) {
          remap(current);
        }
        if (ownerDied) {
          repair();
        }
        lastLook.accept(data);
      }
      MemoryAccess.setIntRelease(ctl, CLOSED_OFFSET, 1);
      unlinkSlots(ctl);
      control.unlink();
      dropData();
      unmapped = true;
    } finally {
      mutex.unlock();
    }
    // after the unlock, which writes to it; a thread of this JVM still in it keeps it mapped
    closeQuietly(control);
  }

  /**
   * {@link #close()} for a container mapped only to close it: its control segment is unmapped too.
   */
  void closeAndUnmap() {
    close(null);
    closeQuietly(control);
  }

  private void dropData() {
    if (dataSegment != null) {
      closeQuietly(dataSegment);
      dataSegment = null;
      data = null;
      generation = -1;
    }
  }

  private static void closeQuietly(SharedSegment segment) {
    try {
      segment.close();
    } catch (IllegalStateException inUse) {
      // another thread of this JVM is in it (it cannot be, under the mutex): leave it mapped
    }
  }

  static String kindName(int kind) {
    return kind == ContainerDescriptor.KIND_MAP ? "map" : "list";
  }

  @Override
  public String toString() {
    return "shared " + kindName(kind) + " " + name;
  }
}
