package dev.multitask.process.startup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's ahead-of-time cache (JEP 483/514) for worker JVMs: classes of the JDK and of multitask
 * loaded and linked, and their profiles, mapped at start instead of loaded again.
 *
 * <p>Two caches per {@link LaunchSpec}, as a cache costs a JVM's start in proportion to what it
 * holds (mapping and relocating it, loading its classes): a lean one for a <em>cold</em> worker,
 * started for a waiting job, with only what such a job's path needs; a full one for a
 * <em>standby</em> worker, which warms up before it reports ready (the socket fallback, the {@code
 * _exit} downcall, the JCA digest that computes serialVersionUIDs).
 *
 * <p>Trained on first use: the first time a kind of worker is launched for a spec and no cache
 * exists for it, a background JVM runs {@code WorkerMain --train} (or {@code --train-cold}) with
 * {@code -XX:AOTCacheOutput}, and later workers start with {@code -XX:AOTCache}. The training also
 * loads the classes of the jobs run so far ({@link RecentClasses}): a cold worker then finds its
 * job's class in the cache and need not open its jar at all. A cold cache's training decodes, runs
 * and answers jobs this parent encodes for it ({@link ColdTraining}), so that the encoder's classes
 * stay out of it. A cache is keyed by a hash of the JDK, the command line, the size and time of
 * every class path jar and its kind, and lives in {@code $MULTITASK_CACHE_DIR} (default {@code
 * ~/.cache/multitask/aot}), beside the list of job classes it was trained with ({@code
 * <cache>.classes}). A cold worker whose recent job classes are not all in its cache opens their
 * jars and loads them, ~4-5 ms of its start (measured): the first time that happens in a run, the
 * cold cache is trained again in the background with those classes, and replaces the old one when
 * complete (workers started meanwhile keep the old one). The JVM requires a class path made of jars
 * only, so a class path with directories (an IDE, Maven's test runs) simply goes without. {@code
 * -Dmultitask.aot=false} turns it off. The directory keeps the {@value #KEEP} caches used last:
 * each rebuilt jar makes two new ones, of ~11 MB (cold) and ~16 MB (standby).
 */
public final class AotCache {
  private static final Map<Key, Path> READY = new ConcurrentHashMap<>();
  private static final Map<Key, Optional<Path>> FILES = new ConcurrentHashMap<>();
  private static final Set<String> TRAINING = ConcurrentHashMap.newKeySet();

  /** Caches whose training failed: none this run. */
  private static final Set<Key> FAILED = ConcurrentHashMap.newKeySet();

  /** The job classes each cache in use was trained with, read from its list once. */
  private static final Map<Key, Set<String>> TRAINED_WITH = new ConcurrentHashMap<>();

  /** Cold caches trained again this run: once each, as a training costs a JVM's run. */
  private static final Set<Key> RETRAINED = ConcurrentHashMap.newKeySet();

  /** Cold caches being trained again now. */
  private static final Set<Key> RETRAINING = ConcurrentHashMap.newKeySet();

  /** The most job classes a cache is trained with: the recent ones, then those it held. */
  private static final int MAX_JOB_CLASSES = 2 * RecentClasses.LIMIT;

  /** Age after which a training run's temporary file is a leftover: training takes seconds. */
  private static final long STALE_TRAINING_MILLIS = 3_600_000;

  /** How many caches the directory keeps. */
  static final int KEEP = 8;

  /** One cache: a spec's workers of one kind. */
  private record Key(LaunchSpec spec, boolean cold) {}

  private AotCache() {}

  /**
   * The cache to start one of {@code spec}'s workers with, or null while there is none; a training
   * started now also loads the classes {@code jobClasses}.
   *
   * @param cold true for a worker started for a waiting job, false for a standby one
   */
  public static Path forSpec(LaunchSpec spec, boolean cold, List<String> jobClasses) {
    Key key = new Key(spec, cold);
    Path ready = READY.get(key);
    if (ready != null) {
      if (Files.isRegularFile(ready)) { // one stat per worker start
        retrainIfLacking(key, ready, jobClasses);
        return ready;
      }
      READY.remove(key, ready); // pruned by another JVM: trained again below
      TRAINING.remove(ready.toString());
    }
    // the key hashes the class path's jars (size, time): computed once per spec, not per start
    Path file = FILES.computeIfAbsent(key, AotCache::fileFor).orElse(null);
    if (file == null) {
      return null;
    }
    if (Files.isRegularFile(file)) {
      READY.put(key, file);
      touch(file); // in use: the pruning keeps the caches used last
      retrainIfLacking(key, file, jobClasses);
      return file;
    }
    if (TRAINING.add(file.toString())) {
      Thread.ofVirtual().name("multitask-aot-training").start(() -> train(key, file, jobClasses));
    }
    return null;
  }

  /**
   * Waits until {@code spec}'s workers, cold and standby, start from a cache, starting the training
   * of either if needed, and until a cold cache being trained again is done.
   *
   * @return whether they do; false at once when there can be no cache, or when training failed
   */
  public static boolean await(LaunchSpec spec, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (boolean cold : new boolean[] {true, false}) {
      Key key = new Key(spec, cold);
      while (forSpec(spec, cold, List.of()) == null || RETRAINING.contains(key)) {
        if (FILES.get(key).isEmpty() || FAILED.contains(key) || System.nanoTime() - deadline >= 0) {
          return false;
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    return true;
  }

  /**
   * Trains a cold cache again, once per run, when it lacks some of {@code jobClasses}; the new
   * training also keeps the classes the cache held, up to {@link #MAX_JOB_CLASSES}.
   */
  private static void retrainIfLacking(Key key, Path file, List<String> jobClasses) {
    if (!key.cold() || jobClasses.isEmpty()) {
      return;
    }
    Set<String> trained = TRAINED_WITH.computeIfAbsent(key, k -> trainedWith(file));
    if (trained.containsAll(jobClasses) || !RETRAINED.add(key)) {
      return;
    }
    LinkedHashSet<String> classes = new LinkedHashSet<>(jobClasses);
    classes.addAll(trained);
    List<String> kept = List.copyOf(classes).subList(0, Math.min(classes.size(), MAX_JOB_CLASSES));
    RETRAINING.add(key);
    Thread.ofVirtual()
        .name("multitask-aot-retraining")
        .start(
            () -> {
              try {
                train(key, file, kept);
              } finally {
                TRAINED_WITH.remove(key); // read again from the list the training left
                RETRAINING.remove(key);
              }
            });
  }

  /** The job classes {@code cache} was trained with; none known if its list is missing. */
  private static Set<String> trainedWith(Path cache) {
    try {
      return Set.copyOf(Files.readAllLines(classList(cache), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  /** The list of job classes kept beside {@code cache}. */
  static Path classList(Path cache) {
    return cache.resolveSibling(cache.getFileName() + ".classes");
  }

  /** Where {@code key}'s cache lives, or empty when it cannot have one. */
  private static Optional<Path> fileFor(Key key) {
    LaunchSpec spec = key.spec();
    if (!Boolean.parseBoolean(System.getProperty("multitask.aot", "true"))
        || !spec.classPathIsJarsOnly()) {
      return Optional.empty();
    }
    try {
      return Optional.of(directory().resolve(key(spec) + (key.cold() ? "-cold" : "") + ".aot"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Path directory() throws IOException {
    String configured = System.getenv("MULTITASK_CACHE_DIR");
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured, "aot")
            : Path.of(System.getProperty("user.home"), ".cache", "multitask", "aot");
    Files.createDirectories(dir);
    return dir;
  }

  private static String key(LaunchSpec spec) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(
          (System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n')
              .getBytes(StandardCharsets.UTF_8));
      digest.update(String.join("\u0000", spec.command(null)).getBytes(StandardCharsets.UTF_8));
      for (String entry : spec.classPath().split(File.pathSeparator)) {
        Path jar = Path.of(entry);
        digest.update(
            (entry + ':' + Files.size(jar) + ':' + Files.getLastModifiedTime(jar).toMillis())
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /**
   * Runs the training JVM under {@code /bin/sh}, which moves the finished cache into place: the JVM
   * writes it only as it exits, and this JVM may well have exited by then. It runs at {@code nice
   * 19}: a training, and a retraining above all, comes while the program runs jobs, and must not
   * take their CPU.
   */
  private static void train(Key key, Path file, List<String> jobClasses) {
    LaunchSpec spec = key.spec();
    Path temporary =
        file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    List<String> command =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                "-c",
                // at the lowest CPU priority, so that it takes only what the program's own work
                // leaves;
                // the JVM trains with a temporary configuration file and a scratch directory beside
                // the
                // output: remove them all; the list of job classes follows the cache into place
                "tmp=$1; final=$2; shift 2; command -v nice >/dev/null 2>&1 && set -- nice -n 19 \"$@\";"
                    + " \"$@\" && [ -s \"$tmp\" ] && mv -f \"$tmp\" \"$final\""
                    + " && mv -f \"$tmp.classes\" \"$final.classes\"; rm -rf \"$tmp\" \"$tmp.config\" \"$tmp.scratch\" \"$tmp.classes\"",
                "multitask-aot-training",
                temporary.toString(),
                file.toString()));
    List<String> java = new ArrayList<>(spec.command(null));
    java.add(1, "-XX:AOTCacheOutput=" + temporary);
    java.add(2, "-Xlog:aot=off,cds=off");
    java.add(key.cold() ? "--train-cold" : "--train");
    java.add(
        temporary + ".scratch"); // the training's own files; the shell removes them if it cannot
    java.addAll(jobClasses); // class names, no secrets: fine on a command line
    command.addAll(java);
    try {
      Files.write(classList(temporary), jobClasses, StandardCharsets.UTF_8);
      Process trainer =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (var stdin = trainer.getOutputStream()) {
        if (key.cold()) {
          stdin.write(
              ColdTraining
                  .encodedJobs()); // a cold worker's first jobs, encoded here as a parent does
        }
      }
      if (trainer.waitFor() == 0 && Files.isRegularFile(file)) {
        READY.put(key, file);
        prune(file.getParent());
        return;
      }
    } catch (IOException e) {
      // no cache: workers start the ordinary way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    FAILED.add(key);
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // another user's cache, or a read-only directory: pruning order only
    }
  }

  /**
   * Deletes all but the {@value #KEEP} caches used last, and the temporary files of training runs
   * that were killed. A JVM that has a cache open keeps reading it after the delete; one about to
   * start with a deleted cache starts without it.
   */
  static void prune(Path dir) {
    try (var files = Files.list(dir)) {
      List<Path> all = files.toList();
      List<Path> caches =
          all.stream()
              .filter(f -> f.getFileName().toString().endsWith(".aot"))
              .sorted(java.util.Comparator.comparing(AotCache::lastModified).reversed())
              .toList();
      for (Path old : caches.subList(Math.min(KEEP, caches.size()), caches.size())) {
        Files.deleteIfExists(old);
      }
      for (Path file : all) { // the lists of job classes of the caches gone
        String name = file.getFileName().toString();
        String cache = name.substring(0, Math.max(0, name.length() - ".classes".length()));
        if (name.endsWith(".aot.classes") && !Files.exists(file.resolveSibling(cache))) {
          Files.deleteIfExists(file);
        }
      }
      // what a training run killed midway left behind; a run in progress is younger than this
      long stale = System.currentTimeMillis() - STALE_TRAINING_MILLIS;
      for (Path file : all) {
        if (file.getFileName().toString().contains(".tmp")
            && lastModified(file).toMillis() < stale) {
          FileTrees.delete(file); // a file, or a training's scratch directory
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unpruned cache directory costs disk, not correctness: the next prune tries again
    }
  }

  private static FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException gone) {
      return FileTime.fromMillis(0);
    }
  }
}
