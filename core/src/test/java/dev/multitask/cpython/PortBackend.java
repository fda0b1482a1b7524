package dev.multitask.cpython;

import dev.multitask.Context;
import dev.multitask.Job;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One backend's context, shared by the ported tests nested in the backend's class: made before the
 * first, closed after the last; jobs a test leaves alive are killed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class PortBackend {
  private Context ctx;

  /** Makes a context of the backend under test. */
  abstract Context newContext();

  /** Whether the context's jobs run in child JVMs. */
  abstract boolean processes();

  /** The shared context. */
  final Context ctx() {
    return ctx;
  }

  @BeforeAll
  void openContext() {
    ctx = newContext();
  }

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Job<?> job : ctx.activeChildren()) {
      job.kill();
      job.join(Waits.LONG);
    }
  }

  @AfterAll
  void closeContext() {
    ctx.close();
  }
}
