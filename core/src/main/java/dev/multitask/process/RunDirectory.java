package dev.multitask.process;

import dev.multitask.process.startup.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * This JVM's run directory: {@code $MULTITASK_RUN_DIR} (default {@code /tmp/multitask-<user>})
 * holds one 0700 directory per parent JVM, named after its pid, with the control socket in it (used
 * only when workers cannot inherit control pipes: without native access).
 *
 * <p>Cleanup, so that nothing is left even after SIGKILL: the parent removes its directory at exit;
 * a child whose parent died removes it when its lifeline breaks; and every parent sweeps the
 * directories of dead pids when it creates its own.
 */
public final class RunDirectory {
  static final String SOCKET_NAME = "ctl";

  private RunDirectory() {}

  static Path base() {
    String configured = System.getenv("MULTITASK_RUN_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(
        System.getProperty("java.io.tmpdir"),
        "multitask-" + System.getProperty("user.name", "user"));
  }

  /** Creates this JVM's directory (sweeping dead ones first) and returns it. */
  static Path create() {
    Path base = base();
    try {
      createPrivate(base);
      sweep(base);
      Path mine = base.resolve(Long.toString(ProcessHandle.current().pid()));
      FileTrees.delete(mine); // a previous JVM with our recycled pid
      createPrivate(mine);
      return mine;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create multitask's run directory under "
              + base
              + ": "
              + e.getMessage()
              + "; set MULTITASK_RUN_DIR to a writable directory",
          e);
    }
  }

  private static void createPrivate(Path dir) throws IOException {
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (FileAlreadyExistsException e) {
      checkPrivate(dir);
    }
  }

  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  /**
   * Refuses a directory that was there before us unless it is a real directory of this user with
   * mode 0700: another local user who made {@code /tmp/multitask-<user>} first could otherwise read
   * or replace the control sockets, or make every job fail.
   */
  static void checkPrivate(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException(
          "multitask's run directory "
              + dir
              + " exists but is not a directory"
              + " (a file or a symbolic link): remove it, or set MULTITASK_RUN_DIR to a directory of your own");
    }
    int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    if (owner != me || !mode.equals(PRIVATE)) {
      throw new IllegalStateException(
          "multitask's run directory "
              + dir
              + " belongs to uid "
              + owner
              + " with mode "
              + PosixFilePermissions.toString(mode)
              + ", not to this user (uid "
              + me
              + ") with rwx------: another user may have made it; remove it, or set MULTITASK_RUN_DIR to a"
              + " directory of your own");
    }
  }

  /** Removes the directories of parents that are no longer alive. */
  static void sweep(Path base) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
          long pid = Long.parseLong(name);
          if (pid != ProcessHandle.current().pid()
              && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            FileTrees.delete(dir);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // a sweep is a courtesy: another JVM may be sweeping the same directory
    }
  }
}
