package dev.multitask.process.shm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Naming and cleanup of segment files: where they live, what their names look like, which ones this
 * JVM must unlink at exit, and the sweep of names left behind by dead creators.
 */
public final class SegmentFiles {
  /** What a queue's large-element file adds to its queue's name, before 16 hex digits. */
  public static final String BLOB_INFIX = "-b";

  private static final String PREFIX = "multitask-";

  private static final String DIR_ENV = "MULTITASK_SHM_DIR";
  private static final Path DEFAULT_DIR = Path.of("/dev/shm");
  private static final long SELF = Liveness.SELF_PID;

  private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

  /** Files this JVM created and has not unlinked yet; the shutdown hook unlinks what is left. */
  private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

  private static volatile boolean hookInstalled;

  private SegmentFiles() {}

  /** {@code $MULTITASK_SHM_DIR} if set and not blank, else {@code /dev/shm}. */
  public static Path directory() {
    String dir = System.getenv(DIR_ENV);
    return dir == null || dir.isBlank() ? DEFAULT_DIR : Path.of(dir);
  }

  static String newName() {
    return newName(SELF);
  }

  /** A fresh name carrying {@code ownerPid}: the process whose exit removes the file. */
  public static String newName(long ownerPid) {
    return "multitask-"
        + ownerPid
        + "-"
        + String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  /** Returns {@code name} if it is a segment name, else throws naming the expected form. */
  public static String checkName(String name) {
    if (!isName(name)) {
      throw new IllegalArgumentException(
          "not a segment name: "
              + quote(name)
              + " (expected multitask-<pid>-<16 hex digits>, a bare name, never a path)");
    }
    return name;
  }

  /** The creator pid carried by a valid segment name. */
  public static long creatorPid(String name) {
    int digits = pidDigits(name);
    if (digits < 0) {
      throw new IllegalArgumentException("not a segment name: " + quote(name));
    }
    try {
      return Long.parseLong(name, PREFIX.length(), PREFIX.length() + digits, 10);
    } catch (NumberFormatException e) {
      return -1; // 19 digits beyond Long.MAX_VALUE: no such process can exist
    }
  }

  /** Whether {@code name} is a segment name. */
  static boolean isName(String name) {
    return name != null && pidDigits(name) > 0;
  }

  /**
   * How many digits the creator pid of segment name {@code name} has, or -1 if it is no segment
   * name: {@code multitask-<creator pid>-<16 lowercase hex digits>}, or for a queue's large element
   * {@code <its queue's name>-b<16 lowercase hex digits>}, the pid 1 to 19 digits without a leading
   * zero; never a path. Read by hand: a regular expression's first use costs a fresh worker 4-7 ms
   * (measured), and every worker that attaches a segment checks its name.
   */
  private static int pidDigits(String name) {
    if (!name.startsWith(PREFIX)) {
      return -1;
    }
    int at = PREFIX.length();
    int digits = 0;
    while (at + digits < name.length() && isDigit(name.charAt(at + digits))) {
      digits++;
    }
    if (digits == 0 || digits > 19 || name.charAt(at) == '0') {
      return -1;
    }
    at += digits;
    if (at >= name.length() || name.charAt(at) != '-' || !isHex16(name, at + 1)) {
      return -1;
    }
    at += 17;
    if (at == name.length()) {
      return digits;
    }
    int hex = at + BLOB_INFIX.length();
    return name.startsWith(BLOB_INFIX, at) && name.length() == hex + 16 && isHex16(name, hex)
        ? digits
        : -1;
  }

  /** Whether {@code name} has 16 lowercase hex digits from {@code from} on. */
  private static boolean isHex16(String name, int from) {
    if (name.length() < from + 16) {
      return false;
    }
    for (int i = from; i < from + 16; i++) {
      char c = name.charAt(i);
      if (!isDigit(c) && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  public static long self() {
    return SELF;
  }

  static boolean alive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).isPresent();
  }

  /** Sweeps {@code dir} the first time this JVM creates a segment in it. */
  static void sweepOnce(Path dir) {
    if (SWEPT.add(dir.toAbsolutePath().normalize())) {
      sweep(dir);
    }
  }

  /**
   * Unlinks the segments in {@code dir} whose creator process is gone and returns how many. Files
   * that are not segments, and segments of live processes (this one included), are kept; a file
   * another user owns, or one that vanishes meanwhile, is skipped silently.
   */
  static int sweep(Path dir) {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "multitask-*")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!isName(name)) {
          continue;
        }
        long pid = creatorPid(name);
        if (pid == SELF || alive(pid)) {
          continue;
        }
        try {
          if (Files.deleteIfExists(file)) {
            removed++;
          }
        } catch (IOException | SecurityException e) {
          // someone else's segment, or a race with another sweeper: not ours to report
        }
      }
    } catch (IOException e) {
      // no such directory yet, or not readable: nothing we could sweep
    }
    return removed;
  }

  static void own(Path file) {
    installHook();
    OWNED.add(file);
  }

  /** Unlinks {@code file}; {@code true} if this call removed it. */
  public static boolean unlink(Path file) {
    // a name read from shared memory may have been overwritten: never remove anything but a segment
    checkName(file.getFileName().toString());
    OWNED.remove(file);
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot unlink shared-memory segment " + file + ": " + e.getMessage(), e);
    }
  }

  private static void installHook() {
    if (hookInstalled) {
      return;
    }
    synchronized (SegmentFiles.class) {
      if (!hookInstalled) {
        // unlink only: other threads may still be using the mappings while the JVM winds down
        Runtime.getRuntime()
            .addShutdownHook(new Thread(SegmentFiles::unlinkOwned, "multitask-shm-cleanup"));
        hookInstalled = true;
        ExitCleanup.segmentsMade();
      }
    }
  }

  /**
   * Unlinks what this JVM created, and every other name carrying its pid: parts of its queues that
   * other processes made on its behalf. Runs at exit (a shutdown hook, or a worker's last step
   * before {@code _exit}); does nothing in a JVM that never created a segment.
   */
  static void unlinkOwned() {
    if (!hookInstalled) {
      return;
    }
    for (Path file : OWNED) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException | RuntimeException e) {
        // this JVM is exiting and cannot retry: the next JVM's sweep removes the file, its pid
        // being dead by then
      }
    }
    OWNED.clear();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory(), "multitask-" + SELF + "-*")) {
      for (Path file : files) {
        try {
          if (isName(file.getFileName().toString())) {
            Files.deleteIfExists(file);
          }
        } catch (IOException | RuntimeException e) {
          // as above: left to the next JVM's sweep; the other files are still removed
        }
      }
    } catch (IOException | RuntimeException e) {
      // the directory cannot be listed: the next JVM's sweep removes what is left
    }
  }

  /**
   * Unlinks every segment whose name carries {@code pid}, a process that died without running its
   * exit hook (SIGKILL): what its children do when their lifeline breaks. Returns how many; a file
   * that vanishes meanwhile, or that another user owns, is skipped.
   */
  static int unlinkAllOf(long pid) {
    int removed = 0;
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory(), "multitask-" + pid + "-*")) {
      for (Path file : files) {
        try {
          if (isName(file.getFileName().toString()) && Files.deleteIfExists(file)) {
            removed++;
          }
        } catch (IOException | SecurityException e) {
          // another child of the same parent got there first, or not ours: the next sweep decides
        }
      }
    } catch (IOException e) {
      // no such directory: nothing was made there
    }
    return removed;
  }

  private static String quote(String s) {
    return s == null ? "null" : '"' + s + '"';
  }
}
