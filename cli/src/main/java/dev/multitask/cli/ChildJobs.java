package dev.multitask.cli;

import dev.multitask.Job;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for the tour's child jobs without hanging the tour when one misbehaves. */
final class ChildJobs {
  /** How long any child of a chapter may take before the chapter gives up on it. */
  static final Duration LIMIT = Duration.ofSeconds(20);

  private ChildJobs() {}

  /** The job's result; a job still running after {@link #LIMIT} is terminated and reported. */
  static <R> R resultOf(Job<R> job) throws InterruptedException {
    try {
      return job.future().get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      job.terminate();
      throw new IllegalStateException(
          "child "
              + job.pid()
              + " was still running after "
              + LIMIT.toSeconds()
              + " s; terminated it",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "child " + job.pid() + " failed: " + e.getCause(), e.getCause());
    }
  }
}
