package dev.multitask.process;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A parent program for {@link AotCacheTest}, run from a jar: starts a plain-class job on a cold
 * worker (which trains the caches), waits for both caches, then runs one more cold job and prints
 * {@code RESULT cached=<bool> pid=<its worker's pid> value=<its result>}. Then a job of a class the
 * cold cache was not trained with, which trains it again; once the cache's list of job classes
 * names that class, one more such job: {@code RETRAINED listed=<bool> pid=<its worker's pid>
 * value=<its result>}. {@code args[0]} is a directory for the workers' class-loading logs,
 * {@code args[1]} the cache directory.
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
      boolean cached = ((ProcessContext) ctx).awaitAotCache(Duration.ofSeconds(40));
      var job = ctx.start(new Answer(41));
      int value = job.result();
      System.out.println("RESULT cached=" + cached + " pid=" + job.pid() + " value=" + value);

      ctx.start(new Twice(1)).result(); // a cold worker loads Twice from the jar, and the cache is trained again
      boolean listed = false;
      for (long deadline = System.nanoTime() + 40_000_000_000L; !listed && System.nanoTime() < deadline; Thread.sleep(100)) {
        try (Stream<Path> files = Files.list(Path.of(args[1], "aot"))) {
          for (Path list : files.filter(f -> f.getFileName().toString().endsWith("-cold.aot.classes")).toList()) {
            listed |= Files.readAllLines(list).contains(Twice.class.getName());
          }
        }
      }
      var again = ctx.start(new Twice(21));
      int twice = again.result();
      System.out.println("RETRAINED listed=" + listed + " pid=" + again.pid() + " value=" + twice);
    }
  }
}
