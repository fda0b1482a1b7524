package dev.multitask.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK's ahead-of-time cache (JEP 483/514) for worker JVMs: classes of the JDK and of
 * multitask loaded and linked, and their profiles, mapped at start instead of loaded again.
 *
 * <p>Trained on first use: the first time a {@link LaunchSpec} is launched and no cache exists
 * for it, a background JVM runs {@code WorkerMain --train} with {@code -XX:AOTCacheOutput}, and
 * later workers start with {@code -XX:AOTCache}. The cache is keyed by a hash of the JDK, the
 * command line and the size and time of every class path jar, and lives in
 * {@code $MULTITASK_CACHE_DIR} (default {@code ~/.cache/multitask/aot}). The JVM requires a class
 * path made of jars only, so a class path with directories (an IDE, Maven's test runs) simply
 * goes without. {@code -Dmultitask.aot=false} turns it off.
 */
final class AotCache {
  private static final Map<LaunchSpec, Path> READY = new ConcurrentHashMap<>();
  private static final Map<LaunchSpec, Optional<Path>> FILES = new ConcurrentHashMap<>();
  private static final Set<String> TRAINING = ConcurrentHashMap.newKeySet();

  private AotCache() {}

  /** The cache to start {@code spec}'s workers with, or null while there is none. */
  static Path forSpec(LaunchSpec spec) {
    Path ready = READY.get(spec);
    if (ready != null) {
      return ready;
    }
    // the key hashes the class path's jars (size, time): computed once per spec, not per start
    Path file = FILES.computeIfAbsent(spec, AotCache::fileFor).orElse(null);
    if (file == null) {
      return null;
    }
    if (Files.isRegularFile(file)) {
      READY.put(spec, file);
      return file;
    }
    if (TRAINING.add(file.toString())) {
      Thread.ofVirtual().name("multitask-aot-training").start(() -> train(spec, file));
    }
    return null;
  }

  /** Where {@code spec}'s cache lives, or empty when it cannot have one. */
  private static Optional<Path> fileFor(LaunchSpec spec) {
    if (!Boolean.parseBoolean(System.getProperty("multitask.aot", "true")) || !spec.classPathIsJarsOnly()) {
      return Optional.empty();
    }
    try {
      return Optional.of(directory().resolve(key(spec) + ".aot"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }


  static Path directory() throws IOException {
    String configured = System.getenv("MULTITASK_CACHE_DIR");
    Path dir = configured != null && !configured.isBlank()
        ? Path.of(configured, "aot")
        : Path.of(System.getProperty("user.home"), ".cache", "multitask", "aot");
    Files.createDirectories(dir);
    return dir;
  }

  private static String key(LaunchSpec spec) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n').getBytes(StandardCharsets.UTF_8));
      digest.update(String.join("\u0000", spec.command(null)).getBytes(StandardCharsets.UTF_8));
      for (String entry : spec.classPath().split(File.pathSeparator)) {
        Path jar = Path.of(entry);
        digest.update((entry + ':' + Files.size(jar) + ':' + Files.getLastModifiedTime(jar).toMillis()).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /**
   * Runs the training JVM under {@code /bin/sh}, which moves the finished cache into place: the
   * JVM writes it only as it exits, and this JVM may well have exited by then.
   */
  private static void train(LaunchSpec spec, Path file) {
    Path temporary = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
        "tmp=$1; final=$2; shift 2; \"$@\" && [ -s \"$tmp\" ] && mv -f \"$tmp\" \"$final\"; rm -f \"$tmp\"",
        "multitask-aot-training", temporary.toString(), file.toString()));
    List<String> java = new ArrayList<>(spec.command(null));
    java.add(1, "-XX:AOTCacheOutput=" + temporary);
    java.add(2, "-Xlog:aot=off,cds=off");
    java.add("--train");
    command.addAll(java);
    try {
      Process trainer = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      trainer.getOutputStream().close();
      if (trainer.waitFor() == 0 && Files.isRegularFile(file)) {
        READY.put(spec, file);
      }
    } catch (IOException e) {
      // no cache: workers start the ordinary way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
