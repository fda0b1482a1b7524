package dev.multitask.process.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 1: the ahead-of-time cache directory stays bounded; waiting for a cache that cannot be is
 * quick. Tier 3: from a jar, both caches are trained, and a cold worker started from its cache
 * reads nothing from the class path's jars, also for a job class first seen after the training (the
 * cold cache is trained again with it), and for a lambda whose writer's code names classes no
 * worker loads otherwise.
 */
class AotCacheTest {
  @Test
  void
      prune_keepsTheCachesUsedLast_withTheirClassLists_dropsKilledTrainingsFiles_andNothingElseIsTouched(
          @TempDir Path dir) throws Exception {
    int made = AotCache.KEEP + 3;
    for (int i = 0; i < made; i++) {
      Path cache = Files.writeString(dir.resolve("cache" + i + ".aot"), "x");
      Files.setLastModifiedTime(cache, FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a cache");
    // the lists of job classes beside the oldest cache (pruned) and the newest (kept)
    Files.writeString(dir.resolve("cache0.aot.classes"), "a.Job\n");
    Files.writeString(dir.resolve("cache" + (made - 1) + ".aot.classes"), "a.Job\n");
    // a training run killed an hour ago left its files; one still running has fresh ones
    for (String name : new String[] {"old.aot.123.tmp", "old.aot.123.tmp.config"}) {
      Files.setLastModifiedTime(
          Files.writeString(dir.resolve(name), ""),
          FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    }
    Files.writeString(dir.resolve("running.aot.456.tmp.config"), "");
    Path scratch = Files.createDirectories(dir.resolve("old.aot.123.tmp.scratch"));
    Files.writeString(scratch.resolve("p"), "frames");
    Files.setLastModifiedTime(scratch, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));

    AotCache.prune(dir);

    Set<String> left;
    try (var files = Files.list(dir)) {
      left = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }
    Set<String> expected =
        IntStream.range(made - AotCache.KEEP, made)
            .mapToObj(i -> "cache" + i + ".aot")
            .collect(Collectors.toSet());
    expected.add("notes.txt");
    expected.add("cache" + (made - 1) + ".aot.classes");
    expected.add("running.aot.456.tmp.config");
    assertEquals(expected, left);
  }

  /** The tests' class path holds directories, which the JVM's cache does not support. */
  @Test
  void awaitWarm_withoutAPossibleCache_returnsFalseAtOnce() throws Exception {
    assertTrue(
        java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .anyMatch(entry -> Files.isDirectory(Path.of(entry))),
        "this test needs a class path with a directory");
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      long start = System.nanoTime();
      assertFalse(ctx.awaitWarm(Duration.ofSeconds(30)));
      assertTrue(
          System.nanoTime() - start < 10_000_000_000L, "returned at once, not after the timeout");
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void
      aColdWorkerStartedFromItsCache_runsItsJobWithoutReadingTheClassPathJars_evenForAJobClassSeenAfterTheTraining(
          @TempDir Path dir) throws Exception {
    Run run = runFromJar(dir, ColdCacheMain.class);
    String text = run.output();
    Path logs = run.logs();
    Path cache = run.cache();
    String result = run.cachedAnswer("RESULT ");
    Set<String> caches;
    try (var files = Files.list(cache.resolve("aot"))) {
      caches =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".aot"))
              .collect(Collectors.toSet());
    }
    assertEquals(2, caches.size(), "a cold and a standby cache: " + caches);
    assertTrue(caches.stream().anyMatch(n -> n.endsWith("-cold.aot")), caches.toString());
    String pid = result.replaceAll(".*pid=(\\d+).*", "$1");
    List<String> loaded = Files.readAllLines(logs.resolve("classes-" + pid + ".log"));
    List<String> fromJars = readFromJars(logs, pid);
    assertEquals(List.of(), fromJars, "classes the cold worker read from a jar");
    // a JVM loads every class its cache holds: a plain job's cold worker gets neither JDK
    // serialization's writer, the JDK's logger lookup nor SecureRandom, which it does not run
    List<String> unneeded =
        loaded.stream()
            .filter(
                line ->
                    line.matches(
                        ".*\\] (java\\.io\\.ObjectOutputStream|jdk\\.internal\\.logger\\.LazyLoggers|java\\.security\\.SecureRandom) .*"))
            .toList();
    assertEquals(List.of(), unneeded, "classes the cold worker's cache should not hold");

    // a job of a class the first training did not know: the cold cache is trained again with it
    String retrained = lineStarting(text, "RETRAINED ");
    assertTrue(retrained.contains("awaited=true"), text);
    Path coldList =
        cache
            .resolve("aot")
            .resolve(
                caches.stream().filter(n -> n.endsWith("-cold.aot")).findFirst().orElseThrow()
                    + ".classes");
    assertTrue(
        Files.readAllLines(coldList).contains(ColdCacheMain.Twice.class.getName()),
        "the cold cache's job classes: " + Files.readAllLines(coldList));
    assertTrue(retrained.contains("value=42"), text);
    String againPid = retrained.replaceAll(".*pid=(\\d+).*", "$1");
    List<String> againFromJars = readFromJars(logs, againPid);
    assertEquals(
        List.of(),
        againFromJars,
        "classes the cold worker read from a jar after the cache was trained again");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aColdWorkerRunningALambda_readsNothingFromTheJars_forTheClassesItsWriterNames_orItsBodyUses(
      @TempDir Path dir) throws Exception {
    Run run = runFromJar(dir, LambdaCacheMain.class);
    String result = run.cachedAnswer("LAMBDA ");
    String pid = result.replaceAll(".*pid=(\\d+).*", "$1");
    // deserializing the lambda links LambdaCacheMain, and its body uses LambdaCacheMain.Offset: a
    // class the cache lacked would be read from the jar, whose directory the worker reads first
    List<String> fromJars = readFromJars(run.logs(), pid);
    assertEquals(List.of(), fromJars, "classes the lambda's cold worker read from a jar");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aColdWorkerGivenAnEventAndARecord_readsNothingFromTheJars(@TempDir Path dir)
      throws Exception {
    Run run = runFromJar(dir, SharedCacheMain.class);
    String result = run.cachedAnswer("SHARED ");
    assertTrue(result.contains("set=true"), result);
    String pid = result.replaceAll(".*pid=(\\d+).*", "$1");
    // attaching the event loads classes of ours that no job class names, and decoding the record
    // takes a part of the codec no other job does: each, missing from the cache, was read from the
    // jar, whose whole directory a fresh JVM reads first
    List<String> fromJars = readFromJars(run.logs(), pid);
    assertEquals(List.of(), fromJars, "classes the cold worker read from a jar");
  }

  /** The first line of {@code text} that starts with {@code prefix}. */
  private static String lineStarting(String text, String prefix) {
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError(text));
  }

  /** The classes the worker {@code pid} read from a jar, as its class-loading log says. */
  private static List<String> readFromJars(Path logs, String pid) throws IOException {
    return Files.readAllLines(logs.resolve("classes-" + pid + ".log")).stream()
        .filter(line -> line.contains("source: file:"))
        .toList();
  }

  /**
   * A parent program's run: what it printed, its workers' class-loading logs, its cache directory.
   */
  private record Run(String output, Path logs, Path cache) {
    /** Its line that starts with {@code prefix}, checked to say the cache served a right answer. */
    String cachedAnswer(String prefix) {
      String line = lineStarting(output, prefix);
      assertTrue(line.contains("cached=true"), output);
      assertTrue(line.contains("value=42"), output);
      return line;
    }
  }

  /**
   * Runs {@code main} in a JVM of its own from a jar of the test and main classes, with a cache
   * directory and a directory for its workers' logs (its argument) of its own under {@code dir}.
   */
  private static Run runFromJar(Path dir, Class<?> main) throws IOException, InterruptedException {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path root = Path.of(entry);
        if (Files.isDirectory(root)
            && (root.endsWith("classes") || root.endsWith("test-classes"))) {
          addTree(out, root);
        }
      }
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            jar.toString(),
            main.getName(),
            logs.toString());
    builder.environment().put("MULTITASK_CACHE_DIR", cache.toString());
    Path output = dir.resolve("out.txt");
    Process parent = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!parent.waitFor(110, TimeUnit.SECONDS)) {
      parent.destroyForcibly();
      throw new AssertionError("the parent did not finish: " + Files.readString(output));
    }
    return new Run(Files.readString(output), logs, cache);
  }

  private static void addTree(JarOutputStream out, Path root) throws IOException {
    try (var files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(
            new JarEntry(root.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }
}
