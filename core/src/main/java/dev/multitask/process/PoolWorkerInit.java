package dev.multitask.process;

import dev.multitask.Action;
import dev.multitask.Task;
import java.io.Serial;

/**
 * The first task a pool worker runs: tee {@code System.err} into the worker's {@link StderrTail},
 * then the pool's initializer, if any.
 *
 * @param tail the name of the worker's stderr tail segment
 * @param initializer the pool's initializer, or null
 */
record PoolWorkerInit(String tail, Action initializer) implements Task<Void> {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public Void call() throws Exception {
    StderrTail.install(tail);
    if (initializer != null) {
      initializer.run();
    }
    return null;
  }
}
