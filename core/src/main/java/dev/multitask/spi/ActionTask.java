package dev.multitask.spi;

import dev.multitask.Action;
import dev.multitask.Task;
import java.io.Serial;

/**
 * Runs an {@link Action} as a {@code Task<Void>}, so that every backend handles one body type. A
 * plain class rather than a record: deserializing a record spins method handles per record class,
 * several milliseconds in a fresh worker JVM, and every {@code Action} job passes here.
 */
public final class ActionTask implements Task<Void> {
  @Serial private static final long serialVersionUID = 1L;

  /** The action this task runs. */
  private final Action action;

  /**
   * A task that runs {@code action} and returns null.
   *
   * @param action the action
   */
  public ActionTask(Action action) {
    this.action = action;
  }

  /**
   * The action this task runs.
   *
   * @return the action
   */
  public Action action() {
    return action;
  }

  @Override
  public Void call() throws Exception {
    action.run();
    return null;
  }
}
