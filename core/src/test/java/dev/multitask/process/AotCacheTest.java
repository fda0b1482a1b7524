package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: the ahead-of-time cache directory stays bounded; waiting for a cache that cannot be is quick. */
class AotCacheTest {
  @Test
  void prune_keepsTheCachesUsedLast_dropsKilledTrainingsFiles_andNothingElseIsTouched(@TempDir Path dir) throws Exception {
    int made = AotCache.KEEP + 3;
    for (int i = 0; i < made; i++) {
      Path cache = Files.writeString(dir.resolve("cache" + i + ".aot"), "x");
      Files.setLastModifiedTime(cache, FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a cache");
    // a training run killed an hour ago left its files; one still running has fresh ones
    for (String name : new String[] {"old.aot.123.tmp", "old.aot.123.tmp.config"}) {
      Files.setLastModifiedTime(Files.writeString(dir.resolve(name), ""), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    }
    Files.writeString(dir.resolve("running.aot.456.tmp.config"), "");

    AotCache.prune(dir);

    Set<String> left;
    try (var files = Files.list(dir)) {
      left = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }
    Set<String> expected = IntStream.range(made - AotCache.KEEP, made).mapToObj(i -> "cache" + i + ".aot")
        .collect(Collectors.toSet());
    expected.add("notes.txt");
    expected.add("running.aot.456.tmp.config");
    assertEquals(expected, left);
  }

  /** The tests' class path holds directories, which the JVM's cache does not support. */
  @Test
  void awaitAotCache_withoutAPossibleCache_returnsFalseAtOnce() throws Exception {
    assertTrue(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .anyMatch(entry -> Files.isDirectory(Path.of(entry))), "this test needs a class path with a directory");
    try (ProcessContext ctx = (ProcessContext) Multitask.processes(ProcessOptions.defaults().standby(0))) {
      long start = System.nanoTime();
      assertFalse(ctx.awaitAotCache(Duration.ofSeconds(30)));
      assertTrue(System.nanoTime() - start < 10_000_000_000L, "returned at once, not after the timeout");
    }
  }
}
