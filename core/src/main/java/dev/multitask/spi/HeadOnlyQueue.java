package dev.multitask.spi;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * What every backend's {@link dev.multitask.ipc.Queue} shares as a {@link java.util.Queue}:
 * elements leave only at its head, so {@code remove(Object)}, {@code removeAll}, {@code retainAll}
 * and {@code removeIf} throw {@link UnsupportedOperationException} on every backend, as the
 * iterator's {@code remove()} does ({@link QueueSnapshot}).
 *
 * @param <T> the element type
 */
public abstract class HeadOnlyQueue<T> extends AbstractQueue<T> {
  /** For subclasses. */
  protected HeadOnlyQueue() {}

  /** Not supported, as on every backend: elements leave a queue only at its head. */
  @Override
  public final boolean remove(Object o) {
    throw QueueSnapshot.removeUnsupported();
  }

  /** Not supported, as on every backend: elements leave a queue only at its head. */
  @Override
  public final boolean removeAll(Collection<?> c) {
    throw QueueSnapshot.removeUnsupported();
  }

  /** Not supported, as on every backend: elements leave a queue only at its head. */
  @Override
  public final boolean retainAll(Collection<?> c) {
    throw QueueSnapshot.removeUnsupported();
  }

  /** Not supported, as on every backend: elements leave a queue only at its head. */
  @Override
  public final boolean removeIf(Predicate<? super T> filter) {
    throw QueueSnapshot.removeUnsupported();
  }
}
