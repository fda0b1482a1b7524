package dev.multitask.process.startup;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.engine.BackendContext;
import dev.multitask.process.ProcessBackend;
import java.io.Serial;
import java.time.Duration;

/**
 * A parent program for {@link AotCacheTest}, run from a jar: starts a plain-class job on a cold
 * worker (which trains the caches), waits for both caches, then runs one more cold job and prints
 * {@code RESULT cached=<bool> pid=<its worker's pid> value=<its result>}. Then a job of a class the
 * cold cache was not trained with, which trains it again; once {@code awaitAotCache} has waited for
 * that, one more such job: {@code RETRAINED awaited=<bool> pid=<its worker's pid> value=<its
 * result>}. {@code args[0]} is a directory for the workers' class-loading logs.
 */
public final class ColdCacheMain {
  private ColdCacheMain() {}

  /**
   * The job: a plain class, so that a cold worker needs no JDK deserialization (ProcessJobTest's
   * too).
   */
  public static final class Answer implements Task<Integer> {
    @Serial private static final long serialVersionUID = 1L;
    private final int base;

    public Answer(int base) {
      this.base = base;
    }

    @Override
    public Integer call() {
      return base + 1;
    }
  }

  /** A job of another class, which the first training does not know. */
  public static final class Twice implements Task<Integer> {
    @Serial private static final long serialVersionUID = 1L;
    private final int value;

    public Twice(int value) {
      this.value = value;
    }

    @Override
    public Integer call() {
      return 2 * value;
    }
  }

  public static void main(String[] args) throws Exception {
    String log = "-Xlog:class+load:file=" + args[0] + "/classes-%p.log";
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0).jvmFlags(log))) {
      ctx.start(new Answer(1)).result();
      boolean cached =
          ((ProcessBackend) ((BackendContext) ctx).backend()).awaitAotCache(Duration.ofSeconds(40));
      var job = ctx.start(new Answer(41));
      int value = job.result();
      System.out.println("RESULT cached=" + cached + " pid=" + job.pid() + " value=" + value);

      ctx.start(new Twice(1))
          .result(); // a cold worker loads Twice from the jar, and the cache is trained again
      boolean awaited =
          ((ProcessBackend) ((BackendContext) ctx).backend())
              .awaitAotCache(Duration.ofSeconds(40)); // waits for the retraining
      var again = ctx.start(new Twice(21));
      int twice = again.result();
      System.out.println(
          "RETRAINED awaited=" + awaited + " pid=" + again.pid() + " value=" + twice);
    }
  }
}
