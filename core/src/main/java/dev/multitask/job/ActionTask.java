package dev.multitask.job;

import dev.multitask.Action;
import dev.multitask.Task;
import java.io.Serial;

/**
 * Runs an {@link Action} as a {@code Task<Void>}, so that every backend handles one body type.
 *
 * @param action the action
 */
public record ActionTask(Action action) implements Task<Void> {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public Void call() throws Exception {
    action.run();
    return null;
  }
}
