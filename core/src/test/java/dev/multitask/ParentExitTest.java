package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tier 3: what happens to children when their parent JVM ends — killed, or by returning from {@code
 * main}. Each test runs {@link ParentExitMain} as a separate parent JVM, with its run directory
 * under a temporary {@code MULTITASK_RUN_DIR} so that leftovers can be seen.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ParentExitTest {
  private static final Duration CHILD_GONE = Duration.ofSeconds(2);
  private static final Duration SANITY = Duration.ofSeconds(60);
  private static final Path SHM = Path.of("/dev/shm");

  @TempDir Path scratch;
  @TempDir Path runDir;
  private Process parent;

  @AfterEach
  void killParent() {
    if (parent != null) {
      parent.descendants().forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
    }
  }

  private Process startParent(String mode) throws IOException {
    return startParent(mode, "--enable-native-access=ALL-UNNAMED");
  }

  private Process startParent(String mode, String nativeAccessFlag) throws IOException {
    return startParent(mode, nativeAccessFlag, null);
  }

  /** Starts the parent; {@code shmDir}, if not null, is its {@code MULTITASK_SHM_DIR}. */
  private Process startParent(String mode, String nativeAccessFlag, Path shmDir)
      throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(ProcessJobTest.java()));
    if (nativeAccessFlag != null) {
      command.add(nativeAccessFlag);
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ParentExitMain.class.getName(),
            mode,
            scratch.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out().toFile()).redirectError(err().toFile());
    builder.environment().put("MULTITASK_RUN_DIR", runDir.toString());
    if (shmDir != null) {
      builder.environment().put("MULTITASK_SHM_DIR", shmDir.toString());
    }
    parent = builder.start();
    return parent;
  }

  private Path out() {
    return scratch.resolve("parent.out");
  }

  private Path err() {
    return scratch.resolve("parent.err");
  }

  private String output() throws IOException {
    return Files.readString(out()) + "\n---- stderr ----\n" + Files.readString(err());
  }

  /**
   * Waits for the parent to print a line starting with {@code prefix} and returns the pid after it.
   */
  private long awaitPid(String prefix) throws Exception {
    long deadline = System.nanoTime() + SANITY.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> line =
          Files.readAllLines(out()).stream().filter(l -> l.startsWith(prefix + " ")).findFirst();
      if (line.isPresent()) {
        return Long.parseLong(line.get().substring(prefix.length() + 1).trim());
      }
      if (!parent.isAlive()) {
        fail("the parent ended before printing " + prefix + ":\n" + output());
      }
      Thread.sleep(20);
    }
    return fail("the parent never printed " + prefix + ":\n" + output());
  }

  private void awaitParentExit() throws Exception {
    if (!parent.waitFor(SANITY.toSeconds(), TimeUnit.SECONDS)) {
      fail("the parent did not exit:\n" + output());
    }
  }

  /**
   * Whether {@code pid} runs; a zombie (dead, waiting for a reaper that may never come) does not.
   */
  static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException gone) {
      return false;
    }
  }

  private static boolean within(Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private static Set<String> shmEntries() throws IOException {
    Set<String> names = new HashSet<>();
    if (Files.isDirectory(SHM)) {
      try (Stream<Path> entries = Files.list(SHM)) {
        entries.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names;
  }

  private static String listing(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return dir + " holding " + entries.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      return dir + " (" + e + ")";
    }
  }

  private List<String> runDirEntries() throws IOException {
    try (Stream<Path> entries = Files.list(runDir)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }

  /**
   * With native access the control channels are inherited pipes and the run directory is never
   * made; without it they are connections to a socket in the run directory, which the children must
   * remove once their parent is dead.
   */
  @ParameterizedTest(name = "native access {0}")
  @ValueSource(booleans = {true, false})
  void killedParent_endsItsChildrenAndLeavesNothing(boolean nativeAccess) throws Exception {
    Set<String> shmBefore = shmEntries();
    startParent("sleep-forever", nativeAccess ? "--enable-native-access=ALL-UNNAMED" : null);
    long child = awaitPid("CHILD");
    long parentPid = parent.pid();
    List<Long> children = parent.descendants().map(ProcessHandle::pid).toList();
    assertTrue(children.contains(child), "the job's child " + child + " is among " + children);
    assertTrue(children.size() >= 2, "the job's child and a standby worker: " + children);
    assertEquals(
        !nativeAccess,
        runDirEntries().contains(Long.toString(parentPid)),
        "the parent uses the run directory only for a control socket: " + runDirEntries());

    parent.destroyForcibly();
    assertTrue(parent.waitFor(SANITY.toSeconds(), TimeUnit.SECONDS));

    for (long pid : children) {
      assertTrue(
          within(CHILD_GONE, () -> !isRunning(pid)),
          "child " + pid + " outlived its killed parent");
    }
    assertTrue(
        within(
            CHILD_GONE,
            () -> {
              try {
                return !runDirEntries().contains(Long.toString(parentPid));
              } catch (IOException e) {
                return false;
              }
            }),
        () ->
            "the dead parent's run directory is left: "
                + listing(runDir.resolve(Long.toString(parentPid))));
    Set<String> shmAfter = shmEntries();
    shmAfter.removeAll(shmBefore);
    List<String> leaked =
        shmAfter.stream()
            .filter(
                name ->
                    name.contains(Long.toString(parentPid))
                        || children.stream().anyMatch(c -> name.contains(Long.toString(c))))
            .toList();
    assertEquals(List.of(), leaked, "segments left in /dev/shm by the dead parent or its children");
  }

  /**
   * A parent killed by SIGKILL runs no exit hook: its children, which see their lifeline break,
   * unlink its segments (queues, locks, events, shared values) before they exit, as Python's
   * resource tracker does, instead of leaving them until another multitask JVM starts and sweeps.
   */
  @Test
  void segments_ofKilledParent_areUnlinkedByItsChildren() throws Exception {
    Path shm = Files.createTempDirectory(Files.isDirectory(SHM) ? SHM : scratch, "multitask-test-");
    try {
      startParent("objects-forever", "--enable-native-access=ALL-UNNAMED", shm);
      awaitPid("CHILD");
      long parentPid = parent.pid();
      List<Long> children = parent.descendants().map(ProcessHandle::pid).toList();
      assertTrue(children.size() >= 2, "the job's child and a standby worker: " + children);
      assertFalse(
          segmentsOf(shm, parentPid).isEmpty(), "the parent made segments: " + listing(shm));

      parent.destroyForcibly();
      assertTrue(parent.waitFor(SANITY.toSeconds(), TimeUnit.SECONDS));
      for (long pid : children) {
        assertTrue(
            within(SANITY, () -> !isRunning(pid)), "child " + pid + " outlived its killed parent");
      }
      assertEquals(
          List.of(),
          segmentsOf(shm, parentPid),
          "segments of the killed parent " + parentPid + " left");
    } finally {
      try (Stream<Path> files = Files.list(shm)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(shm);
    }
  }

  private static List<String> segmentsOf(Path dir, long pid) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("multitask-" + pid + "-"))
          .sorted()
          .toList();
    }
  }

  @Test
  void mainReturning_waitsForNonDaemonChild() throws Exception {
    startParent("main-returns");

    awaitParentExit();

    assertEquals(0, parent.exitValue(), this::quietOutput);
    List<String> lines = Files.readAllLines(out());
    int mainReturns = lines.indexOf("PARENT main returns");
    int childLast = lines.indexOf("CHILD last line");
    int shutdown = lines.indexOf("PARENT shutting down");
    assertTrue(mainReturns >= 0 && childLast >= 0 && shutdown >= 0, this::quietOutput);
    assertTrue(mainReturns < childLast, "main returned while the child ran:\n" + quietOutput());
    assertTrue(
        childLast < shutdown,
        "the parent JVM began to exit only after the child's last line:\n" + quietOutput());
  }

  @Test
  void mainReturning_stopsDaemonChild() throws Exception {
    startParent("daemon-loops");
    long daemon = awaitPid("DAEMON");

    awaitParentExit();

    assertEquals(0, parent.exitValue(), this::quietOutput);
    assertTrue(
        within(CHILD_GONE, () -> !isRunning(daemon)), "the daemon child " + daemon + " still runs");
    assertTrue(
        Files.readAllLines(out()).contains("DAEMON exit OptionalInt[-15]"),
        () ->
            "the daemon job was terminated, as Python's main process terminates daemonic children:\n"
                + quietOutput());
  }

  @Test
  void childOutput_appearsInParentOutput() throws Exception {
    startParent("output");

    awaitParentExit();

    assertEquals(0, parent.exitValue(), this::quietOutput);
    assertTrue(Files.readAllLines(out()).contains("CHILD says hello on stdout"), this::quietOutput);
    assertTrue(Files.readAllLines(err()).contains("CHILD says hello on stderr"), this::quietOutput);
    assertFalse(
        Files.readString(out()).contains("CHILD says hello on stderr"), "stderr stays stderr");
    assertFalse(
        Files.readString(err()).contains("WARNING"),
        "the JDK prints no warning:\n" + quietOutput());
  }

  /**
   * Without --enable-native-access multitask takes its portable path, and the JDK has nothing to
   * warn about.
   */
  @Test
  void parentWithoutNativeAccessFlag_runsJobsWithoutWarning() throws Exception {
    startParent("output", null);

    awaitParentExit();

    assertEquals(0, parent.exitValue(), this::quietOutput);
    assertTrue(Files.readAllLines(out()).contains("CHILD says hello on stdout"), this::quietOutput);
    assertFalse(
        Files.readString(err()).contains("WARNING"),
        "the JDK prints no warning:\n" + quietOutput());
  }

  private String quietOutput() {
    try {
      return output();
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }
}
