package dev.multitask.spi;

import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.util.Objects;

/**
 * A job to start, as a context hands it to its backend ({@link Backend#launch}).
 *
 * @param body the work ({@code Action}s arrive wrapped as tasks that return null)
 * @param name the job's name, or null for the backend's default
 * @param daemon whether the job is a daemon
 * @param options process options of this job, or null for the context's own
 * @param <R> the result type
 */
public record JobRequest<R>(Task<R> body, String name, boolean daemon, ProcessOptions options) {
  /** Checks that there is a body. */
  public JobRequest {
    Objects.requireNonNull(body, "body");
  }
}
