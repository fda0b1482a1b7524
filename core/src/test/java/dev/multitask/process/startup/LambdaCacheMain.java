package dev.multitask.process.startup;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.engine.BackendContext;
import dev.multitask.process.ProcessBackend;
import java.time.Duration;

/**
 * A parent program for {@link AotCacheTest}, run from a jar: lambda jobs, which a worker
 * deserializes through this class, whose methods name in their signatures classes of multitask's
 * API that no worker loads otherwise ({@link Context}, {@link Job}), and whose body uses a class of
 * this program ({@link Offset}). The first job trains the caches; once both are ready, one more
 * such job prints {@code LAMBDA cached=<bool> pid=<its worker's pid> value=<its result>}. {@code
 * args[0]} is a directory for the workers' class-loading logs.
 */
public final class LambdaCacheMain {
  private LambdaCacheMain() {}

  public static void main(String[] args) throws Exception {
    String log = "-Xlog:class+load:file=" + args[0] + "/classes-%p.log";
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0).jvmFlags(log))) {
      start(ctx, 1).result(); // a worker without a cache, while the caches train
      boolean cached =
          ((ProcessBackend) ((BackendContext) ctx).backend()).awaitAotCache(Duration.ofSeconds(60));
      Job<Integer> job = start(ctx, 2);
      int value = job.result();
      System.out.println("LAMBDA cached=" + cached + " pid=" + job.pid() + " value=" + value);
    }
  }

  /**
   * A job whose lambda this class writes, in a method whose signature names API classes; its body
   * uses a class of this program that only the job's code names.
   */
  static Job<Integer> start(Context ctx, int add) {
    int base = 40;
    return ctx.start(() -> Offset.add(base, add));
  }

  /** Used by the job's body only. */
  static final class Offset {
    private Offset() {}

    static int add(int base, int add) {
      return base + add;
    }
  }
}
