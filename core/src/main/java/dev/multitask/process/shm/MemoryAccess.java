package dev.multitask.process.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The named accessors for words in shared memory: the one place that holds the {@link VarHandle}s,
 * so every access mode is spelled out at the call site ({@code intAcquire}, {@code setIntRelease},
 * {@code casInt}, ...). Offsets are in bytes from the segment's start and must be naturally aligned
 * (4 for {@code int}, 8 for {@code long}); a misaligned or out-of-bounds offset throws {@link
 * IllegalArgumentException} or {@link IndexOutOfBoundsException} from the handle itself.
 *
 * <p>A segment whose file another process truncated faults on access (SIGBUS). The JVM turns a
 * faulting load or store into an {@link InternalError}, but a faulting compare-and-set kills it, so
 * every read-modify-write here first reads its word (volatile: a load the compiler keeps, and a
 * plain {@code mov} on x86): on a truncated segment that read faults instead.
 *
 * <p>Memory consistency effects: a store with release (or volatile) semantics happens-before a load
 * with acquire (or volatile) semantics that reads its value, in whichever process or thread it
 * runs, as long as both map the same memory; compare-and-set and get-and-add are volatile.
 */
public final class MemoryAccess {
  // coordinates (MemorySegment, long offset); the layouts carry natural alignment, checked on each
  // access
  private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

  private MemoryAccess() {}

  // the read before a read-modify-write: faults as a load (see the class comment)
  private static void probeInt(MemorySegment seg, long offset) {
    int unused = (int) INT.getVolatile(seg, offset);
  }

  private static void probeLong(MemorySegment seg, long offset) {
    long unused = (long) LONG.getVolatile(seg, offset);
  }

  public static int intPlain(MemorySegment seg, long offset) {
    return (int) INT.get(seg, offset);
  }

  public static int intAcquire(MemorySegment seg, long offset) {
    return (int) INT.getAcquire(seg, offset);
  }

  public static int intVolatile(MemorySegment seg, long offset) {
    return (int) INT.getVolatile(seg, offset);
  }

  public static void setIntPlain(MemorySegment seg, long offset, int value) {
    INT.set(seg, offset, value);
  }

  public static void setIntRelease(MemorySegment seg, long offset, int value) {
    INT.setRelease(seg, offset, value);
  }

  public static void setIntVolatile(MemorySegment seg, long offset, int value) {
    INT.setVolatile(seg, offset, value);
  }

  public static boolean casInt(MemorySegment seg, long offset, int expected, int value) {
    probeInt(seg, offset);
    return INT.compareAndSet(seg, offset, expected, value);
  }

  public static int getAndAddInt(MemorySegment seg, long offset, int delta) {
    probeInt(seg, offset);
    return (int) INT.getAndAdd(seg, offset, delta);
  }

  public static int getAndSetInt(MemorySegment seg, long offset, int value) {
    probeInt(seg, offset);
    return (int) INT.getAndSet(seg, offset, value);
  }

  public static long longPlain(MemorySegment seg, long offset) {
    return (long) LONG.get(seg, offset);
  }

  public static long longAcquire(MemorySegment seg, long offset) {
    return (long) LONG.getAcquire(seg, offset);
  }

  public static long longVolatile(MemorySegment seg, long offset) {
    return (long) LONG.getVolatile(seg, offset);
  }

  public static void setLongPlain(MemorySegment seg, long offset, long value) {
    LONG.set(seg, offset, value);
  }

  public static void setLongRelease(MemorySegment seg, long offset, long value) {
    LONG.setRelease(seg, offset, value);
  }

  public static void setLongVolatile(MemorySegment seg, long offset, long value) {
    LONG.setVolatile(seg, offset, value);
  }

  public static boolean casLong(MemorySegment seg, long offset, long expected, long value) {
    probeLong(seg, offset);
    return LONG.compareAndSet(seg, offset, expected, value);
  }

  public static long getAndAddLong(MemorySegment seg, long offset, long delta) {
    probeLong(seg, offset);
    return (long) LONG.getAndAdd(seg, offset, delta);
  }

  /**
   * Writes {@code text} (ASCII) as a length-prefixed field of {@code fieldLength} bytes: the length
   * (int) first, then the bytes; plain stores, for fields guarded by a lock.
   */
  public static void setAscii(MemorySegment seg, long offset, int fieldLength, String text) {
    if (text.length() > fieldLength - 4) {
      throw new IllegalArgumentException(
          "text of "
              + text.length()
              + " chars does not fit a field of "
              + fieldLength
              + " bytes: "
              + text);
    }
    for (int i = 0; i < text.length(); i++) {
      seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, offset + 4 + i, (byte) text.charAt(i));
    }
    setIntPlain(seg, offset, text.length());
  }

  /** Reads a field written by {@link #setAscii}; an empty string if it was never written. */
  public static String ascii(MemorySegment seg, long offset, int fieldLength) {
    int length = intPlain(seg, offset);
    if (length < 0 || length > fieldLength - 4) {
      throw new IllegalStateException(
          "corrupt text field at offset " + offset + ": length=" + length);
    }
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) (seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset + 4 + i) & 0xff);
    }
    return new String(chars);
  }

  /**
   * A full fence: orders every earlier load and store before every later one (a store before a
   * load, too).
   */
  public static void fullFence() {
    VarHandle.fullFence();
  }
}
