package dev.multitask.process.startup;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.engine.BackendContext;
import dev.multitask.process.ProcessBackend;
import dev.multitask.sync.Event;
import java.io.Serializable;
import java.time.Duration;

/**
 * A parent program for {@link AotCacheTest}, run from a jar: jobs that capture what most jobs
 * capture, a process {@link Event} and a record of this program, and use both. The first job trains
 * the caches; once both are ready, one more prints {@code SHARED cached=<bool> pid=<its worker's
 * pid> value=<its result>}. {@code args[0]} is a directory for the workers' class-loading logs.
 */
public final class SharedCacheMain {
  private SharedCacheMain() {}

  /** A record of this program, captured by the job. */
  record Pair(int a, int b) implements Serializable {}

  public static void main(String[] args) throws Exception {
    String log = "-Xlog:class+load:file=" + args[0] + "/classes-%p.log";
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0).jvmFlags(log))) {
      Event event = ctx.event();
      start(ctx, event, new Pair(40, 1)).result(); // a worker without a cache, while it trains
      boolean cached =
          ((ProcessBackend) ((BackendContext) ctx).backend()).awaitAotCache(Duration.ofSeconds(60));
      Job<Integer> job = start(ctx, event, new Pair(40, 2));
      int value = job.result();
      System.out.println(
          "SHARED cached="
              + cached
              + " pid="
              + job.pid()
              + " value="
              + value
              + " set="
              + event.isSet());
    }
  }

  static Job<Integer> start(Context ctx, Event event, Pair pair) {
    return ctx.start(
        () -> {
          event.set();
          return pair.a() + pair.b();
        });
  }
}
