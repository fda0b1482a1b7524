package dev.multitask.process.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Ends this process at once with {@code _exit(2)}.
 *
 * <p>Why not {@link Runtime#halt}: HotSpot's exit waits up to 300 ms for threads blocked in native
 * code (a worker always has one, reading its lifeline) before it gives up on them, which would add
 * 300 ms to every job. {@code _exit} skips the JVM's teardown, so callers flush what they need
 * first. Without native access it falls back to {@code halt}.
 */
@SuppressWarnings(
    "restricted") // the whole point of this class; only used where NativeAccess allows
public final class FastExit {
  private static volatile MethodHandle exit;

  private FastExit() {}

  /** Links {@code _exit} ahead of time, so that {@link #now} costs nothing; idempotent. */
  public static void prepare() {
    if (exit == null && NativeAccess.enabled()) {
      Linker linker = Linker.nativeLinker();
      exit =
          linker.downcallHandle(
              linker.defaultLookup().find("_exit").orElseThrow(),
              FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
    }
  }

  /** Flushes standard output and error, then ends the process with {@code status}. */
  public static void now(int status) {
    System.out.flush();
    System.err.flush();
    try {
      prepare();
      MethodHandle handle = exit;
      if (handle != null) {
        handle.invokeExact(status);
      }
    } catch (Throwable t) {
      // no native _exit (or it failed, an Error included): halt below ends the process all the
      // same, only more slowly; nothing is left to report to
    }
    Runtime.getRuntime().halt(status);
  }
}
