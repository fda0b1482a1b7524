package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory (used without native access) refuses a base directory that another user could
 * have made first: not a directory, not ours, or not 0700.
 */
class RunDirectoryTest {
  @TempDir Path tmp;

  @Test
  void checkPrivate_ownDirectoryWithMode0700_isAccepted() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("ok"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    assertDoesNotThrow(() -> RunDirectory.checkPrivate(dir));
  }

  @Test
  void checkPrivate_directoryOthersCanEnter_isRefusedNamingItsMode() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    var e = assertThrows(IllegalStateException.class, () -> RunDirectory.checkPrivate(dir));
    assertTrue(
        e.getMessage().contains("rwxr-xr-x") && e.getMessage().contains("MULTITASK_RUN_DIR"),
        e.getMessage());
  }

  @Test
  void checkPrivate_symbolicLinkOrFile_isRefused() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    assertThrows(IllegalStateException.class, () -> RunDirectory.checkPrivate(link));
    Path file = Files.createFile(tmp.resolve("file"));
    assertThrows(IllegalStateException.class, () -> RunDirectory.checkPrivate(file));
  }

  /**
   * Needs the right to give a directory away (root, as in CI); otherwise the owner check is
   * untestable here.
   */
  @Test
  void checkPrivate_directoryOfAnotherUser_isRefused() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("theirs"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    UserPrincipal nobody =
        tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    try {
      Files.setOwner(dir, nobody);
    } catch (java.io.IOException notRoot) {
      org.junit.jupiter.api.Assumptions.abort("cannot chown as this user: " + notRoot);
    }
    var e = assertThrows(IllegalStateException.class, () -> RunDirectory.checkPrivate(dir));
    assertTrue(e.getMessage().contains("not to this user"), e.getMessage());
  }
}
