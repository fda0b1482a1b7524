package dev.multitask.engine;

import dev.multitask.Job;
import dev.multitask.JobBuilder;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.util.Objects;

/**
 * The {@link JobBuilder} of every backend: collects settings, then hands them to a {@link
 * JobStarter} once.
 */
public final class BasicJobBuilder<R> implements JobBuilder<R> {
  private final Task<R> body;
  private final JobStarter starter;
  private String name;
  private boolean daemon;
  private ProcessOptions options;
  private Job<R> started;

  public BasicJobBuilder(Task<R> body, JobStarter starter) {
    this.body = Objects.requireNonNull(body, "body");
    this.starter = starter;
  }

  @Override
  public JobBuilder<R> name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "job name '" + name + "' is blank: give the job a visible name");
    }
    this.name = name;
    return this;
  }

  @Override
  public JobBuilder<R> daemon(boolean daemon) {
    this.daemon = daemon;
    return this;
  }

  @Override
  public JobBuilder<R> options(ProcessOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  @Override
  public Job<R> start() {
    if (started != null) {
      throw new IllegalStateException(
          "this builder already started job "
              + started.name()
              + ": a job starts once; call ctx.job(...) again for another");
    }
    started = starter.start(body, name, daemon, options);
    return started;
  }
}
