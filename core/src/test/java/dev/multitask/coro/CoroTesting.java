package dev.multitask.coro;

import static org.junit.jupiter.api.Assertions.fail;

import dev.multitask.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Helpers of the coroutine tests: a loop run that cannot hang a test, and a log capture. */
final class CoroTesting {
  /** How long a test's loop may run before the test fails as hung: generous for a loaded box. */
  static final Duration LIMIT = Duration.ofSeconds(30);

  private CoroTesting() {}

  /** Runs {@code main} on a new loop of {@code options}, failing (with a task dump) if it hangs. */
  static <R> R run(LoopOptions options, Task<R> main) throws Exception {
    EventLoop loop = EventLoop.create(options.shutdownGrace(Duration.ofSeconds(5)));
    try {
      Coroutine<R> m = loop.spawn("main", main);
      try {
        m.future().handle((r, e) -> null).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        StringBuilder dump =
            new StringBuilder("the test's loop did not finish within " + LIMIT + ":");
        for (Coroutine<?> c : loop.tasks()) {
          dump.append('\n').append(c);
          for (StackTraceElement f : c.stack()) {
            dump.append("\n\tat ").append(f);
          }
        }
        fail(dump.toString());
      }
      if (m.exception() instanceof Exception e) {
        throw e; // the body's own exception, as a test wants to see it
      }
      if (m.exception() instanceof Error e) {
        throw e;
      }
      return m.result();
    } finally {
      loop.close();
    }
  }

  /** Runs {@code main} on a default (serial) loop. */
  static <R> R run(Task<R> main) throws Exception {
    return run(LoopOptions.defaults(), main);
  }

  /** Millisecond durations, for short test sleeps. */
  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** Captures the package's warnings (what it logs to "dev.multitask.coro") while it is open. */
  static final class LogCapture implements AutoCloseable {
    private final List<String> records = new CopyOnWriteArrayList<>();
    private final Consumer<String> listener = records::add;

    LogCapture() {
      Report.LISTENERS.add(listener);
    }

    @Override
    public void close() {
      Report.LISTENERS.remove(listener);
    }

    /** The warnings so far, with their exceptions' text. */
    List<String> warnings() {
      return List.copyOf(records);
    }

    /** Waits up to {@code limit} for a warning containing {@code text}; returns it or null. */
    String awaitWarning(String text, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < deadline) {
        for (String w : records) {
          if (w.contains(text)) {
            return w;
          }
        }
        Thread.sleep(10);
      }
      return null;
    }
  }
}
