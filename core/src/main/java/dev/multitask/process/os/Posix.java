package dev.multitask.process.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The libc calls multitask makes through the FFM API (Linux, x86-64 and AArch64 glibc layouts).
 * Only the handles are here; callers own their memory. Calls that report through {@code errno} take
 * a capture segment first ({@link #newCapture(Arena)}, read with {@link #errno}).
 *
 * <p>Linking is restricted: this class is touched only when {@link NativeAccess#enabled()} says
 * native access is enabled, so a JVM without {@code --enable-native-access} never prints the JDK's
 * warning and uses the portable paths instead.
 */
@SuppressWarnings("restricted") // linking native code is this class's purpose; see NativeAccess
public final class Posix {
  public static final int O_CLOEXEC = 0x80000;
  public static final int P_PID = 1;
  public static final int WEXITED = 4;
  public static final int WNOWAIT = 0x01000000;
  public static final int EINTR = 4;
  public static final int ESRCH = 3;
  public static final int EAGAIN = 11;
  public static final int CLD_EXITED = 1;
  public static final int CLD_KILLED = 2;
  public static final int CLD_DUMPED = 3;
  public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  public static final int SIGTERM = 15;
  public static final int SIGKILL = 9;

  /** {@code fcntl} command that sets a pipe's buffer size. */
  public static final int F_SETPIPE_SZ = 1031;

  /**
   * {@code fcntl} command that duplicates a descriptor onto the lowest free one at or above its
   * argument, close-on-exec.
   */
  public static final int F_DUPFD_CLOEXEC = 1030;

  /** Bytes reserved for opaque glibc structs; larger than glibc's own sizes (80, 336, 128, 128). */
  public static final long FILE_ACTIONS_SIZE = 256,
      SPAWNATTR_SIZE = 512,
      SIGSET_SIZE = 128,
      SIGINFO_SIZE = 128;

  /** Offsets in {@code siginfo_t} for SIGCHLD: si_code, si_pid, si_status. */
  public static final long SI_CODE = 8, SI_PID = 16, SI_STATUS = 24;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final MemoryLayout PTR = ValueLayout.ADDRESS;

  public static final MethodHandle POSIX_SPAWN =
      plain("posix_spawn", FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR));
  public static final MethodHandle FILE_ACTIONS_INIT =
      plain("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR));
  public static final MethodHandle FILE_ACTIONS_DESTROY =
      plain("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR));
  public static final MethodHandle FILE_ACTIONS_ADDDUP2 =
      plain("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, PTR, INT, INT));
  public static final Optional<MethodHandle> FILE_ACTIONS_ADDCHDIR =
      optional("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(INT, PTR, PTR));
  public static final Optional<MethodHandle> FILE_ACTIONS_ADDCLOSEFROM =
      optional("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(INT, PTR, INT));
  public static final MethodHandle SPAWNATTR_INIT =
      plain("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
  public static final MethodHandle SPAWNATTR_DESTROY =
      plain("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
  public static final MethodHandle SPAWNATTR_SETFLAGS =
      plain("posix_spawnattr_setflags", FunctionDescriptor.of(INT, PTR, SHORT));
  public static final MethodHandle SPAWNATTR_SETSIGMASK =
      plain("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, PTR, PTR));
  public static final MethodHandle SPAWNATTR_SETSIGDEFAULT =
      plain("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, PTR, PTR));
  public static final MethodHandle SIGEMPTYSET =
      plain("sigemptyset", FunctionDescriptor.of(INT, PTR));
  public static final MethodHandle SIGFILLSET =
      plain("sigfillset", FunctionDescriptor.of(INT, PTR));
  public static final MethodHandle SIGDELSET =
      plain("sigdelset", FunctionDescriptor.of(INT, PTR, INT));
  public static final MethodHandle PIPE2 = errno("pipe2", FunctionDescriptor.of(INT, PTR, INT));
  public static final MethodHandle WRITE =
      errno("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  public static final MethodHandle CLOSE = errno("close", FunctionDescriptor.of(INT, INT));
  public static final MethodHandle KILL = errno("kill", FunctionDescriptor.of(INT, INT, INT));

  /** {@code fcntl(fd, cmd, int)}; fcntl is variadic from its third argument. */
  public static final MethodHandle FCNTL_INT =
      LINKER.downcallHandle(
          symbol("fcntl"),
          FunctionDescriptor.of(INT, INT, INT, INT),
          CAPTURE_ERRNO,
          Linker.Option.firstVariadicArg(2));

  public static final MethodHandle WAITID =
      errno("waitid", FunctionDescriptor.of(INT, INT, INT, PTR, INT));

  private Posix() {}

  public static MemorySegment newCapture(Arena arena) {
    return arena.allocate(CAPTURE_LAYOUT);
  }

  public static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  private static MethodHandle plain(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(symbol(name), fd);
  }

  private static MethodHandle errno(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(symbol(name), fd, CAPTURE_ERRNO);
  }

  private static Optional<MethodHandle> optional(String name, FunctionDescriptor fd) {
    return LIBC.find(name).map(symbol -> LINKER.downcallHandle(symbol, fd));
  }

  private static MemorySegment symbol(String name) {
    return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
  }
}
