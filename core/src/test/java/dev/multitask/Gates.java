package dev.multitask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Marker files that tests and job bodies use to signal each other across threads and JVMs: a body
 * touches a file when it has started, or waits for a file the test creates. Paths travel as
 * strings, since {@link Path} is not serializable.
 */
final class Gates {
  /**
   * How long a body waits for a gate before it gives up, so that a failing test cannot leave a
   * child running.
   */
  static final Duration BODY_PATIENCE = Duration.ofSeconds(60);

  private Gates() {}

  /** Creates the marker file {@code path}. */
  static void touch(String path) {
    try {
      Files.writeString(Path.of(path), "x");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits in a job body until {@code path} exists; fails after {@link #BODY_PATIENCE}. */
  static void awaitFile(String path) throws InterruptedException {
    long deadline = System.nanoTime() + BODY_PATIENCE.toNanos();
    Path p = Path.of(path);
    while (!Files.exists(p)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gate " + path + " never opened");
      }
      Thread.sleep(5);
    }
  }

  /**
   * Waits in the test until {@code job}'s body has touched {@code started}; fails at once if the
   * job ends first, with the job's own failure as the cause.
   */
  static void awaitStarted(Job<?> job, String started) throws InterruptedException {
    long deadline = System.nanoTime() + BODY_PATIENCE.toNanos();
    Path p = Path.of(started);
    while (!Files.exists(p)) {
      if (!job.isAlive()) {
        Throwable why = null;
        try {
          job.result();
        } catch (JobFailedException e) {
          why = e;
        }
        throw new AssertionError(job + " ended before its body started", why);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(job + " did not start its body within " + BODY_PATIENCE);
      }
      Thread.sleep(5);
    }
  }
}
