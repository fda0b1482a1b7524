package dev.multitask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How child JVMs are started: heap cap, extra JVM flags, environment, working directory and the
 * number of warm standby workers kept ready. Immutable; each {@code with}-style method returns a
 * new instance.
 *
 * <pre>{@code
 * var options = ProcessOptions.defaults().maxHeapMegabytes(256).jvmFlags("-Xss512k").environment("MODE", "batch");
 * try (var ctx = Multitask.processes(options)) { ... }
 * }</pre>
 *
 * <p>Children always run the parent's own {@code java} binary and class path with {@code
 * --enable-native-access=ALL-UNNAMED} and {@code -Xrs} (so SIGTERM ends a child at once, as in
 * Python); those are not options.
 */
public final class ProcessOptions {
  private static final ProcessOptions DEFAULTS =
      new ProcessOptions(0, List.of(), Map.of(), null, 1);
  private static final List<String> RESERVED_FLAGS =
      List.of("-cp", "-classpath", "--class-path", "-jar", "-m", "--module", "--source");

  private final long maxHeapBytes;
  private final List<String> jvmFlags;
  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final int standby;

  private ProcessOptions(
      long maxHeapBytes,
      List<String> jvmFlags,
      Map<String, String> environment,
      Path workingDirectory,
      int standby) {
    this.maxHeapBytes = maxHeapBytes;
    this.jvmFlags = jvmFlags;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.standby = standby;
  }

  /**
   * The defaults: the JVM's own heap sizing, no extra flags, the parent's environment and working
   * directory, one warm standby worker.
   *
   * @return the default options
   */
  public static ProcessOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Caps each child's heap ({@code -Xmx}).
   *
   * @param megabytes the cap in MiB, at least 8
   * @return new options
   * @throws IllegalArgumentException if {@code megabytes} is below 8
   */
  public ProcessOptions maxHeapMegabytes(long megabytes) {
    if (megabytes < 8) {
      throw new IllegalArgumentException(
          "maxHeapMegabytes="
              + megabytes
              + " is too small: a child JVM needs at least 8 MiB of heap");
    }
    return new ProcessOptions(megabytes << 20, jvmFlags, environment, workingDirectory, standby);
  }

  /**
   * Adds JVM flags for each child, after multitask's own (so a flag here wins where the JVM lets
   * the last one win).
   *
   * @param flags flags such as {@code -Xss512k} or {@code -Dkey=value}
   * @return new options
   * @throws IllegalArgumentException if a flag is blank, does not start with {@code -}, or sets the
   *     class path, a jar or a main module, which multitask chooses itself
   */
  public ProcessOptions jvmFlags(String... flags) {
    Objects.requireNonNull(flags, "flags");
    List<String> all = new ArrayList<>(jvmFlags);
    for (String flag : flags) {
      if (flag == null || flag.isBlank() || !flag.startsWith("-")) {
        throw new IllegalArgumentException(
            "JVM flag '" + flag + "' is not a flag: pass options such as -Xss512k or -Dname=value");
      }
      String name = flag.split("[=:]", 2)[0].toLowerCase(Locale.ROOT);
      if (RESERVED_FLAGS.contains(name)) {
        throw new IllegalArgumentException(
            "JVM flag '"
                + flag
                + "' is not allowed: children run the parent's class path; "
                + "put what the child needs on the parent's class path instead");
      }
      all.add(flag);
    }
    return new ProcessOptions(
        maxHeapBytes, List.copyOf(all), environment, workingDirectory, standby);
  }

  /**
   * Sets an environment variable for each child, on top of the parent's environment.
   *
   * @param name the variable's name
   * @param value its value
   * @return new options
   * @throws IllegalArgumentException if the name is blank or holds {@code =} or NUL, or the value
   *     holds NUL
   */
  public ProcessOptions environment(String name, String value) {
    if (name == null || name.isBlank() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "environment variable name '"
              + name
              + "' is not valid: use a non-blank name without '=' or NUL");
    }
    if (value == null || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "environment variable "
              + name
              + " has no valid value: pass a string without NUL characters");
    }
    Map<String, String> all = new LinkedHashMap<>(environment);
    all.put(name, value);
    return new ProcessOptions(
        maxHeapBytes, jvmFlags, Collections.unmodifiableMap(all), workingDirectory, standby);
  }

  /**
   * Runs each child in {@code directory}.
   *
   * @param directory an existing directory
   * @return new options
   * @throws IllegalArgumentException if {@code directory} is not an existing directory
   */
  public ProcessOptions workingDirectory(Path directory) {
    if (directory == null || !Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "working directory " + directory + " is not an existing directory: create it first");
    }
    return new ProcessOptions(
        maxHeapBytes, jvmFlags, environment, directory.toAbsolutePath().normalize(), standby);
  }

  /**
   * How many idle child JVMs to keep started and ready, so that starting a job hands it to a
   * running JVM instead of paying a JVM start (the role of Python's forkserver). 0 turns warm
   * standby off. A start that finds no standby ready (starts in a quick loop or a burst) starts a
   * worker of its own, and refills wait until no start has missed for a second: a standby's warm-up
   * costs several times the CPU of a plain start, which a loop of starts would pay for nothing.
   *
   * @param workers the number of standby workers, 0 to 64
   * @return new options
   * @throws IllegalArgumentException if {@code workers} is outside 0..64
   */
  public ProcessOptions standby(int workers) {
    if (workers < 0 || workers > 64) {
      throw new IllegalArgumentException(
          "standby=" + workers + " is out of range: use 0 to 64 workers");
    }
    return new ProcessOptions(maxHeapBytes, jvmFlags, environment, workingDirectory, workers);
  }

  /**
   * The heap cap in bytes.
   *
   * @return the cap, or 0 for the JVM's default
   */
  public long maxHeapBytes() {
    return maxHeapBytes;
  }

  /**
   * The extra JVM flags.
   *
   * @return an unmodifiable list
   */
  public List<String> jvmFlags() {
    return jvmFlags;
  }

  /**
   * The environment variables set on top of the parent's.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * The children's working directory.
   *
   * @return the directory, or empty for the parent's
   */
  public Optional<Path> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /**
   * The number of warm standby workers.
   *
   * @return the count
   */
  public int standby() {
    return standby;
  }

  /**
   * Equal options start identical JVMs (the standby count aside, which is also compared).
   *
   * @param o the other object
   * @return whether all options are equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof ProcessOptions other
        && maxHeapBytes == other.maxHeapBytes
        && standby == other.standby
        && jvmFlags.equals(other.jvmFlags)
        && environment.equals(other.environment)
        && Objects.equals(workingDirectory, other.workingDirectory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxHeapBytes, jvmFlags, environment, workingDirectory, standby);
  }

  @Override
  public String toString() {
    return "ProcessOptions[maxHeapBytes="
        + maxHeapBytes
        + ", jvmFlags="
        + jvmFlags
        + ", environment="
        + environment.keySet()
        + ", workingDirectory="
        + workingDirectory
        + ", standby="
        + standby
        + "]";
  }
}
