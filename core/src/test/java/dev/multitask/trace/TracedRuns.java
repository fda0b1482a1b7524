package dev.multitask.trace;

import dev.multitask.Context;
import dev.multitask.Fn;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import dev.multitask.sync.Lock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A recorded run of a process pool, shared by the tests of its files (schema, browser): two worker
 * JVMs map eight items, each of which takes a process lock for a few milliseconds, so that the
 * workers wait for each other and mark a span of their own. Recorded once per test JVM.
 */
@SuppressWarnings("try") // spans and holds are resources the bodies do not name
final class TracedRuns {
  static final int WORKERS = 2;
  static final int ITEMS = 8;

  private static Recording poolRun;

  private TracedRuns() {}

  /** The run's recording. */
  static synchronized Recording poolRun() throws InterruptedException {
    if (poolRun == null) {
      try (Context ctx = Multitask.processes()) {
        Lock lock = ctx.lock();
        try (Trace trace = Trace.start();
            Pool pool = ctx.pool(WORKERS)) {
          pool.map(work(lock), IntStream.range(0, ITEMS).boxed().toList(), 1);
          poolRun = trace.stop();
        }
      }
    }
    return poolRun;
  }

  /** Writes the run's files into {@code dir}; returns the HTML file. */
  static Path writePoolRun(Path dir) throws IOException, InterruptedException {
    return poolRun().writeTo(dir);
  }

  private static Fn<Integer, Integer> work(Lock lock) {
    return item -> {
      try (var span = Trace.span("item " + item);
          var held = lock.hold()) {
        Thread.sleep(15);
      }
      return item * item;
    };
  }

  /** The worker pids of a recording: the pids its task events ran in. */
  static List<Long> workerPids(Recording r) {
    return r.events().stream()
        .filter(e -> e.kind() == TraceEvent.Kind.TASK)
        .map(TraceEvent::pid)
        .distinct()
        .sorted()
        .toList();
  }
}
