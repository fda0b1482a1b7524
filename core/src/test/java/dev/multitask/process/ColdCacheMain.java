package dev.multitask.process;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.io.Serial;
import java.time.Duration;

/**
 * A parent program for {@link AotCacheTest}, run from a jar: starts a plain-class job on a cold
 * worker (which trains the caches), waits for both caches, then runs one more cold job and prints
 * {@code RESULT cached=<bool> pid=<its worker's pid> value=<its result>}. {@code args[0]} is a
 * directory for the workers' class-loading logs.
 */
public final class ColdCacheMain {
  private ColdCacheMain() {}

  /** The job: a plain class, so that a cold worker needs no JDK deserialization (ProcessJobTest's too). */
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

  public static void main(String[] args) throws Exception {
    String log = "-Xlog:class+load:file=" + args[0] + "/classes-%p.log";
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0).jvmFlags(log))) {
      ctx.start(new Answer(1)).result();
      boolean cached = ((ProcessContext) ctx).awaitAotCache(Duration.ofSeconds(40));
      var job = ctx.start(new Answer(41));
      int value = job.result();
      System.out.println("RESULT cached=" + cached + " pid=" + job.pid() + " value=" + value);
    }
  }
}
