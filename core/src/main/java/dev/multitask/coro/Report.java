package dev.multitask.coro;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where the package's warnings go: the {@code System.Logger} "dev.multitask.coro" (so a program
 * routes them as it routes its other logs), and the listeners registered here, which only this
 * package's tests use.
 */
final class Report {
  private static final System.Logger LOG = System.getLogger("dev.multitask.coro");

  /** Told every warning's text; for tests, which cannot depend on a logging back end. */
  static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();

  private Report() {}

  static void warning(String message) {
    warning(message, null);
  }

  static void warning(String message, Throwable thrown) {
    if (thrown == null) {
      LOG.log(System.Logger.Level.WARNING, message);
    } else {
      LOG.log(System.Logger.Level.WARNING, message, thrown);
    }
    for (Consumer<String> l : LISTENERS) {
      l.accept(thrown == null ? message : message + " | " + thrown);
    }
  }

  static void error(String message, Throwable thrown) {
    LOG.log(System.Logger.Level.ERROR, message, thrown);
    for (Consumer<String> l : LISTENERS) {
      l.accept(message + " | " + thrown);
    }
  }
}
