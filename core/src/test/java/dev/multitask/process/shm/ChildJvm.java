package dev.multitask.process.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class from the test tree, output captured to files for failure
 * messages.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private ChildJvm(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code main} with the test class path and native access; {@code noNative} forces the
   * portable paths.
   */
  public static ChildJvm start(Path scratch, boolean noNative, Class<?> main, String... args)
      throws IOException {
    return start(scratch, Map.of(), noNative, main, args);
  }

  /** As {@link #start(Path, boolean, Class, String...)}, with extra environment variables. */
  public static ChildJvm start(
      Path scratch, Map<String, String> env, boolean noNative, Class<?> main, String... args)
      throws IOException {
    List<String> flags =
        new ArrayList<>(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    if (noNative) {
      flags.add("-Dmultitask.noNative=true");
    }
    return start(scratch, env, flags, main, args);
  }

  /**
   * Starts {@code main} with the test class path, native access and {@code jvmFlags} only (the
   * JVM's defaults otherwise: C2 included).
   */
  public static ChildJvm start(
      Path scratch, Map<String, String> env, List<String> jvmFlags, Class<?> main, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(scratch, "child", ".out");
    Path err = Files.createTempFile(scratch, "child", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    return new ChildJvm(process, out, err);
  }

  /** What the child printed on stdout so far. */
  public String stdout() throws IOException {
    return Files.readString(out);
  }

  public Process process() {
    return process;
  }

  /** Waits for the exit and returns the code, or -1 if it did not end within {@code seconds}. */
  public int awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public String output() {
    try {
      return "---- child stdout ----\n"
          + Files.readString(out)
          + "---- child stderr ----\n"
          + Files.readString(err);
    } catch (IOException e) {
      return "(child output unreadable: " + e + ")";
    }
  }

  /**
   * The first stdout line starting with {@code prefix + " "}, waiting up to {@code seconds}; the
   * rest of that line.
   */
  public String awaitLine(String prefix, long seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(out)) {
        if (line.startsWith(prefix + " ")) {
          return line.substring(prefix.length() + 1).trim();
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "child ended (exit "
                + process.exitValue()
                + ") before printing "
                + prefix
                + "\n"
                + output());
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "child printed no " + prefix + " line within " + seconds + " s\n" + output());
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
