package dev.multitask.engine;

import dev.multitask.Job;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;

/** A backend's way to start a described job. */
@FunctionalInterface
public interface JobStarter {
  /**
   * Starts a job.
   *
   * @param body the work
   * @param name the name, or null for the backend's default
   * @param daemon the daemon flag
   * @param options the per-job options, or null for the context's
   * @param <R> the type of the result
   * @return the started job
   */
  <R> Job<R> start(Task<R> body, String name, boolean daemon, ProcessOptions options);
}
