package dev.multitask.job;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.JobBuilder;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the contexts share: argument checks, builders, the set of live jobs and the closing
 * rule (daemon jobs are terminated, non-daemon jobs are waited for).
 */
public abstract class AbstractContext implements Context {
  private final Set<Job<?>> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  @Override
  public final <R> Job<R> start(Task<R> body) {
    return job(body).start();
  }

  @Override
  public final Job<Void> start(Action body) {
    return job(body).start();
  }

  @Override
  public final <R> JobBuilder<R> job(Task<R> body) {
    Objects.requireNonNull(body, "body: pass the task the job should run");
    return new BasicJobBuilder<>(body, this::startTracked);
  }

  @Override
  public final JobBuilder<Void> job(Action body) {
    Objects.requireNonNull(body, "body: pass the action the job should run");
    return new BasicJobBuilder<>(new ActionTask(body), this::startTracked);
  }

  private <R> Job<R> startTracked(Task<R> body, String name, boolean daemon, ProcessOptions options) {
    checkOpen();
    Job<R> job = launch(body, name, daemon, options);
    live.add(job);
    job.future().whenComplete((r, e) -> live.remove(job));
    return job;
  }

  /**
   * Starts a job on this backend.
   *
   * @param body the work
   * @param name the name, or null for the default
   * @param daemon the daemon flag
   * @param options per-job process options, or null
   * @param <R> the result type
   * @return the started job
   */
  protected abstract <R> Job<R> launch(Task<R> body, String name, boolean daemon, ProcessOptions options);

  /** Throws if the context is closed. */
  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed: make a new context to start more jobs");
    }
  }

  @Override
  public final List<Job<?>> activeChildren() {
    List<Job<?>> alive = new ArrayList<>();
    for (Job<?> job : live) {
      if (job.isAlive()) { // exact even in the moment between a job's end and its removal
        alive.add(job);
      }
    }
    return alive;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (Job<?> job : activeChildren()) {
        if (job.isDaemon()) {
          job.terminate();
        }
      }
      for (Job<?> job : activeChildren()) {
        if (!job.isDaemon()) {
          job.join();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      releaseResources();
    }
  }

  /** Releases what the backend holds once the context is closed. */
  protected void releaseResources() {}
}
