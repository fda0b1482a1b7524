package dev.multitask.coro;

import dev.multitask.Task;
import java.util.Objects;

/**
 * A gevent link: when its coroutine ends in a way that matches, the callback runs in a coroutine of
 * its own on the same loop (so it may await, and one that throws is logged without harming the
 * other callbacks).
 */
final class LinkCallback<R> extends EndListener {
  static final int ALWAYS = 0;
  static final int ON_VALUE = 1;
  static final int ON_EXCEPTION = 2;

  final Coroutine.Link<R> callback;
  private final int when;

  LinkCallback(Coroutine.Link<R> callback, int when) {
    this.callback = Objects.requireNonNull(callback, "callback");
    this.when = when;
  }

  @Override
  @SuppressWarnings("unchecked")
  void ended(Coroutine<?> ended) {
    Coroutine<R> c = (Coroutine<R>) ended;
    boolean matches =
        switch (when) {
          case ON_VALUE -> c.successful();
          case ON_EXCEPTION -> c.exception() != null;
          default -> true;
        };
    if (!matches) {
      return;
    }
    Task<Void> run =
        () -> {
          try {
            callback.call(c);
          } catch (Exception e) {
            Report.warning(
                "a link callback of "
                    + c.describe()
                    + " threw (the other callbacks still run): "
                    + e,
                e);
          }
          return null;
        };
    try {
      c.loop.spawnInternal("link of " + c.name(), run);
    } catch (IllegalStateException closed) {
      Report.warning("a link callback of " + c.describe() + " did not run: " + closed.getMessage());
    }
  }
}
