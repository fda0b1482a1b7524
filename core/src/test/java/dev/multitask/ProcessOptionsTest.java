package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: {@link ProcessOptions} validates at construction, with messages that say what to do. */
class ProcessOptionsTest {

  private static void assertRejected(String expectedInMessage, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(
        e.getMessage().contains(expectedInMessage),
        () -> "message should contain '" + expectedInMessage + "': " + e.getMessage());
  }

  @Test
  void maxHeap_belowEightMegabytes_isRejected() {
    assertRejected("at least 8 MiB", () -> ProcessOptions.defaults().maxHeapMegabytes(7));
    assertRejected("maxHeapMegabytes=-1", () -> ProcessOptions.defaults().maxHeapMegabytes(-1));
    assertEquals(8L << 20, ProcessOptions.defaults().maxHeapMegabytes(8).maxHeapBytes());
  }

  @Test
  void jvmFlags_notAFlag_isRejected() {
    assertRejected("pass options such as", () -> ProcessOptions.defaults().jvmFlags("Xss512k"));
    assertRejected("is not a flag", () -> ProcessOptions.defaults().jvmFlags(" "));
    assertRejected("is not a flag", () -> ProcessOptions.defaults().jvmFlags((String) null));
  }

  @Test
  void jvmFlags_choosingClassPathJarOrModule_isRejected() {
    for (String flag :
        List.of("-cp", "-classpath", "--class-path=/x", "-jar", "-m", "--module", "--source")) {
      assertRejected("class path", () -> ProcessOptions.defaults().jvmFlags(flag));
    }
  }

  @Test
  void environment_invalidNameOrValue_isRejected() {
    assertRejected("without '=' or NUL", () -> ProcessOptions.defaults().environment("A=B", "x"));
    assertRejected("without '=' or NUL", () -> ProcessOptions.defaults().environment(" ", "x"));
    assertRejected("without '=' or NUL", () -> ProcessOptions.defaults().environment(null, "x"));
    assertRejected("without NUL", () -> ProcessOptions.defaults().environment("A", "nul\0inside"));
    assertRejected("without NUL", () -> ProcessOptions.defaults().environment("A", null));
  }

  @Test
  void workingDirectory_missing_isRejected(@TempDir Path dir) {
    assertRejected(
        "not an existing directory",
        () -> ProcessOptions.defaults().workingDirectory(dir.resolve("missing")));
    assertRejected(
        "not an existing directory", () -> ProcessOptions.defaults().workingDirectory(null));
  }

  @Test
  void standby_outOfRange_isRejected() {
    assertRejected("0 to 64", () -> ProcessOptions.defaults().standby(-1));
    assertRejected("0 to 64", () -> ProcessOptions.defaults().standby(65));
  }

  @Test
  void derivingOptions_leavesOriginalUnchanged(@TempDir Path dir) {
    ProcessOptions base = ProcessOptions.defaults();
    ProcessOptions derived =
        base.maxHeapMegabytes(64)
            .jvmFlags("-Da=1")
            .jvmFlags("-Db=2")
            .environment("K", "v")
            .workingDirectory(dir)
            .standby(3);

    assertEquals(0, base.maxHeapBytes());
    assertEquals(List.of(), base.jvmFlags());
    assertEquals(Map.of(), base.environment());
    assertEquals(Optional.empty(), base.workingDirectory());
    assertEquals(1, base.standby());
    assertEquals(List.of("-Da=1", "-Db=2"), derived.jvmFlags());
    assertEquals(Map.of("K", "v"), derived.environment());
    assertEquals(Optional.of(dir.toAbsolutePath().normalize()), derived.workingDirectory());
    assertEquals(3, derived.standby());
    assertThrows(UnsupportedOperationException.class, () -> derived.jvmFlags().add("-Dc=3"));
    assertThrows(UnsupportedOperationException.class, () -> derived.environment().put("X", "y"));
  }

  @Test
  void options_builtTheSameWay_areEqual() {
    ProcessOptions a = ProcessOptions.defaults().maxHeapMegabytes(32).jvmFlags("-Dx=1");
    ProcessOptions b = ProcessOptions.defaults().maxHeapMegabytes(32).jvmFlags("-Dx=1");

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, b.standby(0));
  }
}
