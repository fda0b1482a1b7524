package dev.multitask.process.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SharedSegmentTest {
  private static final long PID = ProcessHandle.current().pid();

  @TempDir Path scratch;

  @AfterAll
  static void allTests_leaveNoSegment() throws IOException {
    assertEquals(
        Set.of(), Set.copyOf(ShmLeaks.ours()), "segments left in " + SegmentFiles.directory());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void attach_byName_sharesTheMemory() {
    try (SharedSegment created = SharedSegment.create(4096)) {
      MemoryAccess.setLongRelease(created.memory(), 8, 0x1234_5678_9abc_def0L);
      try (SharedSegment attached = SharedSegment.attach(created.name())) {
        assertEquals(4096, attached.size());
        assertFalse(attached.isCreator());
        assertEquals(0x1234_5678_9abc_def0L, MemoryAccess.longAcquire(attached.memory(), 8));
        MemoryAccess.setIntRelease(attached.memory(), 4092, 42);
        assertEquals(42, MemoryAccess.intAcquire(created.memory(), 4092));
      }
      assertTrue(
          Files.exists(SegmentFiles.directory().resolve(created.name())),
          "an attacher's close must not unlink");
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void close_byCreator_unlinks() {
    SharedSegment segment = SharedSegment.create(4096);
    Path file = SegmentFiles.directory().resolve(segment.name());
    assertTrue(Files.exists(file));
    segment.close();
    assertFalse(Files.exists(file));
    segment.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> MemoryAccess.intAcquire(segment.memory(), 0));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void unlink_keepsExistingMappings() {
    try (SharedSegment created = SharedSegment.create(4096);
        SharedSegment attached = SharedSegment.attach(created.name())) {
      assertTrue(created.unlink());
      assertFalse(attached.unlink(), "already gone");
      MemoryAccess.setIntRelease(created.memory(), 0, 7);
      assertEquals(7, MemoryAccess.intAcquire(attached.memory(), 0));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> SharedSegment.attach(created.name()));
      assertTrue(e.getMessage().contains(created.name()), e.getMessage());
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void create_makesOwnerOnlyFile() throws IOException {
    try (SharedSegment segment = SharedSegment.create(4096)) {
      Path file = SegmentFiles.directory().resolve(segment.name());
      assertEquals(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(file));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void name_carriesCreatorPid() {
    try (SharedSegment segment = SharedSegment.create(64)) {
      assertTrue(segment.name().matches("multitask-" + PID + "-[0-9a-f]{16}"), segment.name());
      assertEquals(PID, segment.creatorPid());
      assertTrue(segment.isCreator());
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void create_isZeroFilledAndSized() throws IOException {
    long bytes = 3 * (1 << 20) + 12; // more than one zeroing chunk, not a page multiple
    try (SharedSegment segment = SharedSegment.create(bytes)) {
      assertEquals(bytes, segment.size());
      assertEquals(bytes, Files.size(SegmentFiles.directory().resolve(segment.name())));
      MemorySegment mem = segment.memory();
      for (long i = 0; i < bytes; i++) {
        if (mem.get(ValueLayout.JAVA_BYTE, i) != 0) {
          throw new AssertionError("byte " + i + " is not zero");
        }
      }
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void attach_ofMissingSegment_namesIt() {
    String name = "multitask-" + PID + "-0123456789abcdef";
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SharedSegment.attach(name));
    assertTrue(
        e.getMessage().contains(name) && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE, SharedSegment.MAX_BYTES + 1, Long.MAX_VALUE})
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void create_sizeOutOfRange_isRejected(long bytes) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SharedSegment.create(bytes));
    assertTrue(e.getMessage().contains("bytes=" + bytes), e.getMessage());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void create_sizeLargerThanFreeSpace_isRejected() throws IOException {
    long free = Files.getFileStore(SegmentFiles.directory()).getUsableSpace();
    long bytes = Math.min(SharedSegment.MAX_BYTES, free + (1L << 30));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SharedSegment.create(bytes));
    assertTrue(e.getMessage().contains("bytes=" + bytes), e.getMessage());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "multitask",
        "../multitask-1-0123456789abcdef",
        "/dev/shm/multitask-1-0123456789abcdef",
        "multitask-1-0123456789ABCDEF",
        "multitask-0-0123456789abcdef",
        "multitask-1-0123456789abcde",
        "multitask-1-0123456789abcdef/x",
        "multitask-x-0123456789abcdef",
        "passwd"
      })
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void attach_nameNotASegmentName_isRejected(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SharedSegment.attach(name));
    assertTrue(e.getMessage().contains("not a segment name"), e.getMessage());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void create_directoryMissing_failsClearly() {
    Path missing = scratch.resolve("no-such-dir");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SharedSegment.create(missing, 64));
    assertTrue(
        e.getMessage().contains(missing.toString()) && e.getMessage().contains("MULTITASK_SHM_DIR"),
        e.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sweep_removesDeadCreatorsSegments() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    long deadPid = done.pid();
    long parentPid = ProcessHandle.current().parent().orElseThrow().pid();
    Path dead = touch("multitask-" + deadPid + "-0123456789abcdef");
    Path impossible = touch("multitask-99999999-0123456789abcdef"); // above any pid_max
    Path self = touch("multitask-" + PID + "-0123456789abcdef");
    Path liveParent = touch("multitask-" + parentPid + "-0123456789abcdef");
    Path notOurs = touch("multitask-notes.txt");

    assertEquals(2, SegmentFiles.sweep(scratch));

    assertFalse(Files.exists(dead), "segment of dead pid " + deadPid);
    assertFalse(Files.exists(impossible));
    assertTrue(Files.exists(self));
    assertTrue(Files.exists(liveParent));
    assertTrue(Files.exists(notOurs));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void firstCreateInADirectory_sweepsOnce() throws IOException {
    Path dead = touch("multitask-99999999-00000000000000aa");
    SharedSegment.create(scratch, 64).close();
    assertFalse(Files.exists(dead));
    Path later = touch("multitask-99999999-00000000000000bb");
    SharedSegment.create(scratch, 64).close();
    assertTrue(Files.exists(later), "only the first create sweeps");
  }

  /** The shutdown hook unlinks what a JVM created and never closed. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void creatorExitingWithoutClose_unlinks() throws Exception {
    try (ChildJvm child = ChildJvm.start(scratch, false, ShmChildMain.class, "create-and-exit")) {
      String name = child.awaitLine("NAME", 30);
      assertEquals(0, child.awaitExit(30), child.output());
      assertFalse(
          Files.exists(SegmentFiles.directory().resolve(name)),
          "segment left by a JVM that exited: " + name);
    }
  }

  /**
   * A queue's rings and large-element files carry the owner's pid without being "created" by it:
   * exit removes them too.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void queueOwnerExiting_unlinksRingsAndFiles() throws Exception {
    try (ChildJvm child = ChildJvm.start(scratch, false, ShmChildMain.class, "queue-and-exit")) {
      String pid = child.awaitLine("PID", 30);
      assertEquals(0, child.awaitExit(30), child.output());
      try (var files = Files.list(SegmentFiles.directory())) {
        assertEquals(
            List.of(),
            files
                .map(f -> f.getFileName().toString())
                .filter(n -> n.startsWith("multitask-" + pid + "-"))
                .toList());
      }
    }
  }

  /** SIGKILL skips every hook: the next sweep removes the segment. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void killedCreator_isSwept() throws Exception {
    try (ChildJvm child = ChildJvm.start(scratch, false, ShmChildMain.class, "create-and-hang")) {
      String name = child.awaitLine("NAME", 30);
      Path file = SegmentFiles.directory().resolve(name);
      assertTrue(Files.exists(file));
      SharedSegment.sweep();
      assertTrue(Files.exists(file), "creator still alive");
      child.process().destroyForcibly().waitFor();
      SharedSegment.sweep();
      assertFalse(Files.exists(file), "segment of the killed creator " + name);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void create_withShmDirInEnvironment_usesIt() throws Exception {
    Path dir = Files.createDirectory(scratch.resolve("shm"));
    try (ChildJvm child =
        ChildJvm.start(
            scratch,
            Map.of("MULTITASK_SHM_DIR", dir.toString()),
            false,
            ShmChildMain.class,
            "create-and-hang")) {
      String name = child.awaitLine("NAME", 30);
      assertTrue(Files.exists(dir.resolve(name)), "expected " + name + " in " + dir);
      assertFalse(Files.exists(SegmentFiles.directory().resolve(name)));
      child.process().destroyForcibly().waitFor();
      assertEquals(1, SegmentFiles.sweep(dir));
    }
  }

  private Path touch(String name) throws IOException {
    return Files.createFile(scratch.resolve(name));
  }
}
