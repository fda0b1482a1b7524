package dev.multitask.process.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A child started with {@code posix_spawn} and reaped by its own reaper thread with {@code waitid},
 * so that a death by signal N is told apart from {@code exit(128+N)}.
 *
 * <p>The reaper first waits with {@code WNOWAIT}: the child stays a zombie, its pid cannot be
 * recycled, and {@link #signal} (which checks {@code ended} under the same lock) can never hit
 * another process. Then it marks the child ended and reaps it.
 *
 * <p>The child's standard input is the read end of a {@code pipe2(O_CLOEXEC)} pipe, duplicated onto
 * fd 0. Two more such pipes become its {@link ControlPipes} on fds 3 and 4. Every other descriptor
 * above 4 is closed in the child where glibc offers {@code
 * posix_spawn_file_actions_addclosefrom_np} (and all of ours are close-on-exec anyway). Signal mask
 * and dispositions are reset, since the spawning Java thread may block signals the child must
 * receive.
 */
final class SpawnedChild implements ChildProcess {
  /**
   * Bytes of kernel buffer asked for each control pipe: a socket's default, so a batch of jobs
   * fits.
   */
  private static final int CONTROL_PIPE_BYTES = 256 * 1024;

  private final long pid;
  private final CompletableFuture<WaitStatus> exit = new CompletableFuture<>();
  private final ControlPipes control;
  private int lifelineFd;
  private boolean ended;

  private SpawnedChild(long pid, int lifelineFd, ControlPipes control) {
    this.pid = pid;
    this.lifelineFd = lifelineFd;
    this.control = control;
  }

  static SpawnedChild start(List<String> command, Map<String, String> environment, Path directory)
      throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = Posix.newCapture(arena);
      // [0] lifeline read, [1] lifeline write, [2] to-child read, [3] to-child write,
      // [4] from-child read, [5] from-child write; -1 once closed
      int[] fds = {-1, -1, -1, -1, -1, -1};
      try {
        for (int i = 0; i < fds.length; i += 2) {
          pipe(arena, capture, fds, i);
        }
        resize(capture, fds[3]);
        resize(capture, fds[5]);
        // the parent's ends as channels; the raw descriptors are closed below, they are not needed
        ControlPipes control = ControlPipes.open(fds[4], fds[3]);
        long pid;
        try {
          pid = spawn(arena, command, environment, directory, fds);
        } catch (IOException | RuntimeException | Error e) {
          control.close();
          throw e;
        }
        SpawnedChild child = new SpawnedChild(pid, fds[1], control);
        fds[1] = -1;
        Thread.ofPlatform().daemon(true).name("multitask-reaper-" + pid).start(child::reap);
        return child;
      } finally {
        for (int i = 0; i < fds.length; i++) {
          fds[i] = close(capture, fds[i]);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("posix_spawn of " + command.getFirst() + " failed: " + t, t);
    }
  }

  /**
   * Makes a close-on-exec pipe into {@code fds[at]} (read end) and {@code fds[at + 1]} (write end).
   */
  private static void pipe(Arena arena, MemorySegment capture, int[] fds, int at) throws Throwable {
    MemorySegment pair = arena.allocate(ValueLayout.JAVA_INT, 2);
    if ((int) Posix.PIPE2.invokeExact(capture, pair, Posix.O_CLOEXEC) != 0) {
      throw new IOException("pipe2 failed: errno " + Posix.errno(capture));
    }
    fds[at] = pair.getAtIndex(ValueLayout.JAVA_INT, 0);
    fds[at + 1] = pair.getAtIndex(ValueLayout.JAVA_INT, 1);
    // the child's dup2 onto 3 and 4 would clobber a source still to be duplicated if a pipe got
    // one of them (a JVM's own files usually hold the low descriptors, but not always)
    fds[at] = aboveChildDescriptors(capture, fds[at]);
    fds[at + 1] = aboveChildDescriptors(capture, fds[at + 1]);
  }

  /**
   * {@code fd}, or if it is one of those the child's descriptors are moved onto, a duplicate above
   * them; then {@code fd} is closed. On failure {@code fd} stays open, for the caller to close.
   */
  private static int aboveChildDescriptors(MemorySegment capture, int fd) throws Throwable {
    if (fd > ControlPipes.CHILD_OUT_FD) {
      return fd;
    }
    int moved =
        (int)
            Posix.FCNTL_INT.invokeExact(
                capture, fd, Posix.F_DUPFD_CLOEXEC, ControlPipes.CHILD_OUT_FD + 1);
    if (moved < 0) {
      throw new IOException(
          "cannot move pipe descriptor "
              + fd
              + " above "
              + ControlPipes.CHILD_OUT_FD
              + ": errno "
              + Posix.errno(capture));
    }
    close(capture, fd);
    return moved;
  }

  /** Grows a pipe's kernel buffer; the default 64 KiB still works, so a refusal is ignored. */
  private static void resize(MemorySegment capture, int fd) throws Throwable {
    int ignored =
        (int) Posix.FCNTL_INT.invokeExact(capture, fd, Posix.F_SETPIPE_SZ, CONTROL_PIPE_BYTES);
  }

  private static long spawn(
      Arena arena, List<String> command, Map<String, String> environment, Path directory, int[] fds)
      throws Throwable {
    MemorySegment actions = arena.allocate(Posix.FILE_ACTIONS_SIZE, 16);
    MemorySegment attr = arena.allocate(Posix.SPAWNATTR_SIZE, 16);
    MemorySegment empty = arena.allocate(Posix.SIGSET_SIZE, 16);
    MemorySegment all = arena.allocate(Posix.SIGSET_SIZE, 16);
    check("posix_spawn_file_actions_init", (int) Posix.FILE_ACTIONS_INIT.invokeExact(actions));
    check("posix_spawnattr_init", (int) Posix.SPAWNATTR_INIT.invokeExact(attr));
    try {
      check("adddup2", (int) Posix.FILE_ACTIONS_ADDDUP2.invokeExact(actions, fds[0], 0));
      check(
          "adddup2",
          (int) Posix.FILE_ACTIONS_ADDDUP2.invokeExact(actions, fds[2], ControlPipes.CHILD_IN_FD));
      check(
          "adddup2",
          (int) Posix.FILE_ACTIONS_ADDDUP2.invokeExact(actions, fds[5], ControlPipes.CHILD_OUT_FD));
      if (directory != null) {
        MemorySegment dir = arena.allocateFrom(directory.toString());
        int rc =
            (int)
                Posix.FILE_ACTIONS_ADDCHDIR
                    .orElseThrow(
                        () ->
                            new IOException(
                                "this libc cannot set a child's working directory (no posix_spawn_file_actions_addchdir_np)"))
                    .invokeExact(actions, dir);
        check("addchdir", rc);
      }
      if (Posix.FILE_ACTIONS_ADDCLOSEFROM.isPresent()) {
        check(
            "addclosefrom",
            (int)
                Posix.FILE_ACTIONS_ADDCLOSEFROM
                    .get()
                    .invokeExact(actions, ControlPipes.CHILD_OUT_FD + 1));
      }
      check("sigemptyset", (int) Posix.SIGEMPTYSET.invokeExact(empty));
      check("sigfillset", (int) Posix.SIGFILLSET.invokeExact(all));
      check("sigdelset", (int) Posix.SIGDELSET.invokeExact(all, Posix.SIGKILL));
      check("sigdelset", (int) Posix.SIGDELSET.invokeExact(all, 19 /* SIGSTOP */));
      check("setsigmask", (int) Posix.SPAWNATTR_SETSIGMASK.invokeExact(attr, empty));
      check("setsigdefault", (int) Posix.SPAWNATTR_SETSIGDEFAULT.invokeExact(attr, all));
      check(
          "setflags",
          (int)
              Posix.SPAWNATTR_SETFLAGS.invokeExact(
                  attr, (short) (Posix.POSIX_SPAWN_SETSIGMASK | Posix.POSIX_SPAWN_SETSIGDEF)));

      MemorySegment argv = strings(arena, command);
      MemorySegment envp =
          strings(
              arena,
              environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment path = arena.allocateFrom(command.getFirst());
      int rc = (int) Posix.POSIX_SPAWN.invokeExact(pidOut, path, actions, attr, argv, envp);
      if (rc != 0) {
        throw new IOException(
            "cannot start "
                + command.getFirst()
                + ": posix_spawn error "
                + rc
                + (rc == 2 ? " (no such file)" : rc == 13 ? " (permission denied)" : ""));
      }
      return pidOut.get(ValueLayout.JAVA_INT, 0);
    } finally {
      int ignored1 = (int) Posix.FILE_ACTIONS_DESTROY.invokeExact(actions);
      int ignored2 = (int) Posix.SPAWNATTR_DESTROY.invokeExact(attr);
    }
  }

  private static MemorySegment strings(Arena arena, List<String> values) {
    MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
    }
    array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  private static void check(String what, int rc) throws IOException {
    if (rc != 0) {
      throw new IOException(what + " failed with error " + rc);
    }
  }

  /** Closes {@code fd} unless it is -1; returns -1, for the caller to store. */
  private static int close(MemorySegment capture, int fd) {
    if (fd < 0) {
      return -1;
    }
    try {
      int ignored = (int) Posix.CLOSE.invokeExact(capture, fd);
      return -1;
    } catch (Throwable t) {
      throw new IllegalStateException("close(" + fd + ") failed", t);
    }
  }

  @Override
  public Optional<ControlPipes> controlPipes() {
    return Optional.of(control);
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public void writeLifeline(byte[] bytes) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = Posix.newCapture(arena);
      MemorySegment data = arena.allocate(bytes.length);
      MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
      long off = 0;
      while (off < bytes.length) {
        int fd;
        synchronized (this) {
          fd = lifelineFd;
        }
        if (fd < 0) {
          throw new IOException("the lifeline of child " + pid + " is closed");
        }
        long n =
            (long)
                Posix.WRITE.invokeExact(capture, fd, data.asSlice(off), (long) bytes.length - off);
        if (n < 0) {
          int errno = Posix.errno(capture);
          if (errno == Posix.EINTR || errno == Posix.EAGAIN) {
            continue;
          }
          throw new IOException(
              "cannot write to child "
                  + pid
                  + ": errno "
                  + errno
                  + (errno == 32 ? " (child gone)" : ""));
        }
        off += n;
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("write to child " + pid + " failed: " + t, t);
    }
  }

  @Override
  public void closeLifeline() {
    int fd;
    synchronized (this) {
      fd = lifelineFd;
      lifelineFd = -1;
    }
    if (fd >= 0) {
      try (Arena arena = Arena.ofConfined()) {
        close(Posix.newCapture(arena), fd);
      }
    }
  }

  @Override
  public synchronized void signal(int signal) {
    if (ended) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = Posix.newCapture(arena);
      int rc = (int) Posix.KILL.invokeExact(capture, (int) pid, signal);
      if (rc != 0 && Posix.errno(capture) != Posix.ESRCH) {
        throw new IllegalStateException(
            "kill(" + pid + ", " + signal + ") failed: errno " + Posix.errno(capture));
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed", t);
    }
  }

  @Override
  public CompletableFuture<WaitStatus> exit() {
    return exit;
  }

  private void reap() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = Posix.newCapture(arena);
      MemorySegment info = arena.allocate(Posix.SIGINFO_SIZE, 8);
      waitid(capture, info, Posix.WEXITED | Posix.WNOWAIT);
      synchronized (this) {
        ended = true;
      }
      waitid(capture, info, Posix.WEXITED);
      int code = info.get(ValueLayout.JAVA_INT, Posix.SI_CODE);
      int status = info.get(ValueLayout.JAVA_INT, Posix.SI_STATUS);
      WaitStatus result =
          code == Posix.CLD_EXITED
              ? new WaitStatus(status, 0, true)
              : new WaitStatus(0, status, true);
      closeLifeline();
      exit.complete(result);
    } catch (Throwable t) {
      exit.completeExceptionally(t);
    }
  }

  private void waitid(MemorySegment capture, MemorySegment info, int options) throws Throwable {
    while (true) {
      int rc = (int) Posix.WAITID.invokeExact(capture, Posix.P_PID, (int) pid, info, options);
      if (rc == 0) {
        return;
      }
      int errno = Posix.errno(capture);
      if (errno != Posix.EINTR) {
        throw new IllegalStateException("waitid(" + pid + ") failed: errno " + errno);
      }
    }
  }
}
