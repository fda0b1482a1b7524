package dev.multitask.process.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named block of memory that several processes map: a file {@code multitask-<pid>-<random>} in
 * {@code /dev/shm} (or {@code $MULTITASK_SHM_DIR}), readable and writable by its owner only. One
 * process {@linkplain #create creates} it and hands the {@linkplain #name() name} to others, which
 * {@linkplain #attach attach} to the same memory.
 *
 * <p>Any thread may use {@link #memory()} while the segment is open; {@link #close()} unmaps it for
 * this process (and fails with {@link IllegalStateException} while another thread is inside an
 * access or a {@link Futex} wait on it), and the creator's close also unlinks the name. Attached
 * processes keep their mapping after the name is gone. Memory starts zeroed; its content has no
 * ordering of its own: use {@link MemoryAccess} for words other processes read.
 *
 * <p>Limits: a segment holds 1 to {@value #MAX_BYTES} bytes and no more than the free space of its
 * directory, which is checked at creation (the memory is written then, so a full tmpfs fails here
 * rather than later with SIGBUS).
 */
public final class SharedSegment implements AutoCloseable {
  /** The largest segment accepted: 1 TiB, well past any real use, to catch unit mistakes. */
  public static final long MAX_BYTES = 1L << 40;

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final Set<OpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
  private static final int ZERO_CHUNK = 1 << 20;
  private static final int NAME_ATTEMPTS = 8;

  private final String name;
  private final Path file;
  private final boolean creator;
  private final Arena arena;
  private final MemorySegment memory;
  private volatile boolean closed; // changed under this

  /** Mappings of segments open in this JVM: a JVM aborts when it runs out of them. */
  private static final AtomicInteger OPEN = new AtomicInteger();

  private SharedSegment(
      String name, Path file, boolean creator, Arena arena, MemorySegment memory) {
    this.name = name;
    this.file = file;
    this.creator = creator;
    this.arena = arena;
    this.memory = memory;
  }

  /** Creates a zeroed segment of {@code bytes} bytes in the default directory. */
  public static SharedSegment create(long bytes) {
    return create(SegmentFiles.directory(), SegmentFiles.self(), true, bytes);
  }

  /**
   * Creates a zeroed segment whose name carries {@code ownerPid} instead of this process's pid: a
   * part of a structure another process owns (a queue's next ring), which must outlive this process
   * and go when the owner goes. This process does not unlink it at close or exit; the owner does at
   * its exit (every name carrying its pid), or a sweep after the owner died.
   *
   * @param ownerPid the process whose exit removes the segment (this one's own pid is allowed)
   * @param bytes the size
   * @return the new, zeroed segment, mapped here
   */
  public static SharedSegment createFor(long ownerPid, long bytes) {
    return create(SegmentFiles.directory(), ownerPid, false, bytes);
  }

  /**
   * {@link #createFor(long, long)} under a name chosen beforehand with {@link #freshName}: for a
   * structure that records the name before the file exists, so that whoever cleans up after a
   * process killed in between finds it.
   *
   * @param ownerPid the process whose exit removes the segment (this one's own pid is allowed)
   * @param bytes the size
   * @param name a name from {@link #freshName} with the same pid
   * @return the new, zeroed segment, mapped here
   * @throws IllegalArgumentException if {@code name} is not a segment name of {@code ownerPid}
   */
  public static SharedSegment createFor(long ownerPid, long bytes, String name) {
    if (SegmentFiles.creatorPid(SegmentFiles.checkName(name)) != ownerPid) {
      throw new IllegalArgumentException(
          "segment name " + name + " does not carry pid " + ownerPid);
    }
    return create(SegmentFiles.directory(), ownerPid, false, bytes, name);
  }

  /**
   * A new random segment name carrying {@code ownerPid}, for {@link #createFor(long, long,
   * String)}.
   *
   * @param ownerPid the pid the name carries
   * @return the name
   */
  public static String freshName(long ownerPid) {
    return SegmentFiles.newName(ownerPid);
  }

  /** Maps the segment another process created, by the name it handed over. */
  public static SharedSegment attach(String name) {
    return attach(SegmentFiles.directory(), name);
  }

  /**
   * Removes the segment called {@code name} from the default directory, whoever created it, so that
   * no process can attach it any more; mappings stay valid.
   *
   * @param name a segment name, as {@link #name()} returns
   * @return {@code false} if it was already gone
   * @throws IllegalArgumentException if {@code name} is not a segment name
   */
  public static boolean unlinkName(String name) {
    return SegmentFiles.unlink(SegmentFiles.directory().resolve(SegmentFiles.checkName(name)));
  }

  /**
   * Removes the segments whose creator process is no longer alive from the default directory and
   * returns how many. Runs by itself once per JVM, at the first {@link #create}.
   */
  public static int sweep() {
    return SegmentFiles.sweep(SegmentFiles.directory());
  }

  static SharedSegment create(Path dir, long bytes) {
    return create(dir, SegmentFiles.self(), true, bytes);
  }

  /**
   * Creates this process's segment of a well-known name, {@code multitask-<pid>-<suffix>}, which
   * others find from the pid alone (a per-process table). A leftover of a dead process that had the
   * same pid is replaced.
   *
   * @param suffix 16 lowercase hex digits
   */
  public static SharedSegment createWellKnown(String suffix, long bytes) {
    String name = wellKnownName(SegmentFiles.self(), suffix);
    SegmentFiles.unlink(
        SegmentFiles.directory().resolve(name)); // carries our pid: only a dead namesake's
    return create(SegmentFiles.directory(), SegmentFiles.self(), true, bytes, name);
  }

  /** The name of process {@code pid}'s well-known segment with {@code suffix}. */
  public static String wellKnownName(long pid, String suffix) {
    return SegmentFiles.checkName("multitask-" + pid + "-" + suffix);
  }

  private static SharedSegment create(Path dir, long ownerPid, boolean unlinkAtClose, long bytes) {
    return create(dir, ownerPid, unlinkAtClose, bytes, null);
  }

  // unlinkAtClose: whether close() removes the name (a creator's own segment), else only exit does;
  // fixedName: the name to use, or null for a random one
  private static SharedSegment create(
      Path dir, long ownerPid, boolean unlinkAtClose, long bytes, String fixedName) {
    if (bytes <= 0 || bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "segment size out of range: bytes=" + bytes + ", expected 1.." + MAX_BYTES);
    }
    SegmentFiles.sweepOnce(dir);
    MappingBudget.makeRoom(OPEN);
    checkSpace(dir, bytes);
    for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      String name = fixedName != null ? fixedName : SegmentFiles.newName(ownerPid);
      Path file = dir.resolve(name);
      FileChannel channel;
      try {
        channel = FileChannel.open(file, CREATE, OWNER_ONLY);
      } catch (FileAlreadyExistsException e) {
        continue; // 64 random bits collided: draw again
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create shared-memory segment " + file + ": " + e, e);
      }
      boolean mine = ownerPid == SegmentFiles.self();
      if (mine) {
        SegmentFiles.own(file); // from here on, a failure still unlinks the file
      }
      try (channel) {
        zeroFill(channel, bytes);
        return map(name, file, unlinkAtClose, channel, bytes);
      } catch (IOException | RuntimeException e) {
        SegmentFiles.unlink(file);
        if (e instanceof IOException io) {
          throw new UncheckedIOException(
              "cannot create shared-memory segment "
                  + file
                  + " of "
                  + bytes
                  + " bytes: "
                  + io
                  + " (is "
                  + dir
                  + " full? see df "
                  + dir
                  + ")",
              io);
        }
        throw (RuntimeException) e;
      }
    }
    throw new IllegalStateException(
        "no free segment name in " + dir + " after " + NAME_ATTEMPTS + " attempts");
  }

  static SharedSegment attach(Path dir, String name) {
    SegmentFiles.checkName(name);
    MappingBudget.makeRoom(OPEN);
    Path file = dir.resolve(name);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      if (size <= 0) {
        throw new IllegalStateException(
            "shared-memory segment "
                + name
                + " in "
                + dir
                + " is empty: not a segment"
                + " made by SharedSegment.create, or its creator failed while creating it");
      }
      return map(name, file, false, channel, size);
    } catch (NoSuchFileException e) {
      long pid = SegmentFiles.creatorPid(name);
      throw new IllegalStateException(
          "shared-memory segment "
              + name
              + " does not exist in "
              + dir
              + ": its creator (pid "
              + pid
              + (SegmentFiles.alive(pid) ? ", still running" : ", no longer running")
              + ") closed it or exited before this process attached",
          e);
    } catch (AccessDeniedException e) {
      throw new IllegalStateException(
          "shared-memory segment "
              + name
              + " in "
              + dir
              + " is not readable and writable by this user (segments are 0600: attach as the creator's user)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot attach shared-memory segment " + file + ": " + e, e);
    }
  }

  private static SharedSegment map(
      String name, Path file, boolean creator, FileChannel channel, long bytes) throws IOException {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
      OPEN.incrementAndGet();
      return new SharedSegment(name, file, creator, arena, memory);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private static void checkSpace(Path dir, long bytes) {
    long usable;
    try {
      usable = Files.getFileStore(dir).getUsableSpace();
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          "shared-memory directory "
              + dir
              + " does not exist: set MULTITASK_SHM_DIR to a tmpfs directory this user can write",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect shared-memory directory " + dir + ": " + e, e);
    }
    if (bytes > usable) {
      throw new IllegalStateException(
          "not enough shared memory: bytes="
              + bytes
              + ", free in "
              + dir
              + "="
              + usable
              + " (enlarge the tmpfs or set MULTITASK_SHM_DIR)");
    }
  }

  // Writing the zeros (rather than ftruncate to a sparse file) makes tmpfs allocate the pages now:
  // running out of space is an IOException here instead of a SIGBUS on first touch later.
  private static void zeroFill(FileChannel channel, long bytes) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(bytes, ZERO_CHUNK));
    long position = 0;
    while (position < bytes) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - position));
      while (zeros.hasRemaining()) {
        position += channel.write(zeros, position);
      }
    }
  }

  /**
   * The segment's name, {@code multitask-<creator pid>-<16 hex digits>}: what another process
   * attaches by.
   */
  public String name() {
    return name;
  }

  /**
   * The mapped memory: valid until {@link #close()}, after which any access throws {@link
   * IllegalStateException}.
   */
  public MemorySegment memory() {
    return memory;
  }

  public long size() {
    return memory.byteSize();
  }

  /**
   * Looks at the segment's file for what another process may have done to it: removed it (which
   * harms nobody mapped), or truncated it below the mapping (which makes every access fault).
   *
   * @return a description of the damage, or null if the file is whole (or gone)
   */
  public String describeDamage() {
    try {
      long size = Files.size(file);
      return size < memory.byteSize()
          ? "its file "
              + file
              + " was truncated to "
              + size
              + " bytes, below the "
              + memory.byteSize()
              + " mapped"
          : null;
    } catch (IOException gone) {
      return null;
    }
  }

  /** Whether {@link #close()} has unmapped the segment in this process. */
  public boolean isClosed() {
    return closed;
  }

  /** The number of segments this JVM has mapped and not closed. */
  public static int openMappings() {
    return OPEN.get();
  }

  /** Whether this process created the segment (and so unlinks it at close and exit). */
  public boolean isCreator() {
    return creator;
  }

  /** The process that created the segment, from its name. */
  public long creatorPid() {
    return SegmentFiles.creatorPid(name);
  }

  /**
   * Removes the name, so that no other process can attach any more; mappings, this one included,
   * stay valid. Any holder may call it; returns {@code false} if the name was already gone.
   */
  public boolean unlink() {
    return SegmentFiles.unlink(file);
  }

  /**
   * Unmaps the memory in this process and, for the creator, unlinks the name; idempotent.
   *
   * @throws IllegalStateException if another thread is accessing the memory or blocked in a {@link
   *     Futex} wait on it; the segment then stays open and close may be retried
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        arena.close();
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "shared-memory segment "
                + name
                + " is still in use by another thread"
                + " (accessing it, or blocked in Futex.wait on it): wake and stop its users before closing",
            e);
      }
      closed = true;
      OPEN.decrementAndGet();
    }
    if (creator) {
      SegmentFiles.unlink(file);
    }
  }

  /**
   * As {@link #close()}, but a segment still in use by another thread (blocked in a futex wait on
   * it) stays mapped instead of throwing.
   *
   * @return whether the segment is now closed
   */
  public boolean closeIfUnused() {
    try {
      close();
      return true;
    } catch (IllegalStateException inUse) {
      return false; // stays mapped: the thread that uses it keeps a valid mapping
    }
  }

  @Override
  public String toString() {
    return "SharedSegment["
        + name
        + ", "
        + memory.byteSize()
        + " bytes"
        + (creator ? ", creator" : "")
        + "]";
  }
}
