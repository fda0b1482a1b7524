package dev.multitask.ipc;

import dev.multitask.Action;
import java.time.Duration;

/** Constants and job bodies shared by the ipc contract tests. */
final class IpcTesting {
  static final Duration LONG_WAIT = Duration.ofSeconds(30);
  static final long SHORT_MS = 200;
  static final Duration SHORT = Duration.ofMillis(SHORT_MS);

  private IpcTesting() {}

  // ---- bodies (static, so that lambdas capture nothing but their arguments) ----

  static Action putting(Queue<Integer> q, int from, int count) {
    return () -> {
      for (int i = 0; i < count; i++) {
        q.put(from + i);
      }
    };
  }
}
