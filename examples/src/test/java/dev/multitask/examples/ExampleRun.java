package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One example run in a fresh JVM, as a user runs it: this JVM's {@code java} and class path, {@code
 * dev.multitask.examples.Examples NAME}, stdout and stderr captured.
 *
 * @param name the example's name
 * @param exitCode the JVM's exit status
 * @param lines stdout, line by line
 * @param stderr everything written to stderr
 * @param elapsed the wall time from launch to exit
 */
record ExampleRun(String name, int exitCode, List<String> lines, String stderr, Duration elapsed) {
  /** How long any example may take before it counts as hung; they take 1 to 10 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /**
   * Runs an example and fails the test if it hangs.
   *
   * @param name the example's name
   * @param args its arguments
   * @return the finished run
   */
  static ExampleRun of(String name, String... args) {
    return within(TIMEOUT, name, args);
  }

  /**
   * Runs an example that may take longer than {@link #TIMEOUT} (a hundred child JVMs on a busy
   * machine), and fails the test if it has not ended within {@code limit}.
   *
   * @param limit how long it may take
   * @param name the example's name
   * @param args its arguments
   * @return the finished run
   */
  static ExampleRun within(Duration limit, String name, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Examples.class.getName(),
                name));
    command.addAll(List.of(args));
    long start = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for example " + name, e);
    }
    try {
      process.getOutputStream().close(); // examples read no input
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var stdout = drain(process.getInputStream(), name + "-stdout");
    var stderr = drain(process.getErrorStream(), name + "-stderr");
    try {
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        fail(
            "example "
                + name
                + " did not end within "
                + limit
                + "; output so far:\n"
                + stdout.text());
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      stdout.thread().join();
      stderr.thread().join();
      ExampleRun run =
          new ExampleRun(
              name, process.exitValue(), stdout.text().lines().toList(), stderr.text(), elapsed);
      // shows in the test report what the example printed
      System.out.println(
          "---- "
              + name
              + " ("
              + elapsed.toMillis()
              + " ms, exit "
              + run.exitCode()
              + ")\n"
              + stdout.text()
              + (run.stderr().isEmpty() ? "" : "---- stderr\n" + run.stderr()));
      return run;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while example " + name + " ran", e);
    }
  }

  private record Drain(Thread thread, ByteArrayOutputStream buffer) {
    String text() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private static Drain drain(InputStream in, String threadName) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name(threadName)
            .start(
                () -> {
                  byte[] chunk = new byte[8192];
                  try (in) {
                    for (int n; (n = in.read(chunk)) >= 0; ) {
                      synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                      }
                    }
                  } catch (IOException e) {
                    // the JVM was killed; keep what arrived
                  }
                });
    return new Drain(thread, buffer);
  }

  /** Fails unless the JVM exited with 0, showing stderr. */
  ExampleRun assertSucceeded() {
    if (exitCode != 0) {
      fail(
          "example "
              + name
              + " exited with "
              + exitCode
              + "\nstdout:\n"
              + String.join("\n", lines)
              + "\nstderr:\n"
              + stderr);
    }
    return this;
  }

  /** The index of the only line matching {@code regex}; fails if there is not exactly one. */
  int indexOf(String regex) {
    List<Integer> found = indexesOf(regex);
    if (found.size() != 1) {
      fail(
          "expected one line matching /"
              + regex
              + "/ in the output of "
              + name
              + ", found "
              + found.size()
              + ":\n"
              + String.join("\n", lines));
    }
    return found.getFirst();
  }

  /** The indexes of every line matching {@code regex}. */
  List<Integer> indexesOf(String regex) {
    Pattern pattern = Pattern.compile(regex);
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (pattern.matcher(lines.get(i)).find()) {
        found.add(i);
      }
    }
    return found;
  }

  /** For every line matching {@code regex}, its groups as longs (numbers) in order. */
  List<long[]> numbers(String regex) {
    Pattern pattern = Pattern.compile(regex);
    List<long[]> all = new ArrayList<>();
    for (String line : lines) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        long[] values = new long[m.groupCount()];
        for (int g = 0; g < values.length; g++) {
          values[g] = Long.parseLong(m.group(g + 1));
        }
        all.add(values);
      }
    }
    return all;
  }

  /** The only match of {@code regex}'s one group as a number with a decimal point. */
  double decimal(String regex) {
    Matcher m = Pattern.compile(regex).matcher(lines.get(indexOf(regex)));
    if (!m.find()) {
      throw new AssertionError("unreachable: " + regex);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The output, for assertion messages. */
  String output() {
    return String.join("\n", lines);
  }
}
