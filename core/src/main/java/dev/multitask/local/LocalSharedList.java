package dev.multitask.local;

import dev.multitask.engine.containers.AbstractSharedList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The {@link dev.multitask.shared.SharedList} of the thread and coroutine backends: an {@link
 * ArrayList} behind one {@link ReentrantLock}, so every operation, the functions of {@code update},
 * {@code replaceAll}, {@code removeIf} and {@code sort} included, is atomic. Elements are held by
 * reference. A function that calls back into this list throws {@link IllegalStateException}; after
 * the manager closes, every call does.
 */
final class LocalSharedList<E> extends AbstractSharedList<E> {
  private final LocalManager manager;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayList<E> list = new ArrayList<>();

  LocalSharedList(LocalManager manager) {
    this.manager = manager;
  }

  private void lock() {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "recursive use of a shared list: a function given to update, sort or the"
              + " like called back into the same list; compute what you need before the call");
    }
    lock.lock();
    if (manager.isClosed()) {
      lock.unlock();
      manager.checkOpenOrThrow();
    }
  }

  private <T> T locked(Supplier<T> op) {
    lock();
    try {
      return op.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public E get(int index) {
    lock();
    try {
      checkIndex(index, list.size());
      return list.get(index);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public E set(int index, E element) {
    checkNotNull(element);
    return locked(
        () -> {
          checkIndex(index, list.size());
          return list.set(index, element);
        });
  }

  @Override
  public boolean add(E element) {
    checkNotNull(element);
    lock();
    try {
      return list.add(element);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void add(int index, E element) {
    checkNotNull(element);
    locked(
        () -> {
          checkPosition(index, list.size());
          list.add(index, element);
          return null;
        });
  }

  @Override
  public E remove(int index) {
    return locked(
        () -> {
          checkIndex(index, list.size());
          return list.remove(index);
        });
  }

  @Override
  public boolean remove(Object o) {
    return o != null && locked(() -> list.remove(o));
  }

  @Override
  public int size() {
    return locked(list::size);
  }

  @Override
  public boolean addAll(Collection<? extends E> elements) {
    List<E> checked = new ArrayList<>(elements);
    checked.forEach(AbstractSharedList::checkNotNull);
    return locked(() -> list.addAll(checked));
  }

  @Override
  public boolean addAll(int index, Collection<? extends E> elements) {
    List<E> checked = new ArrayList<>(elements);
    checked.forEach(AbstractSharedList::checkNotNull);
    return locked(
        () -> {
          checkPosition(index, list.size());
          return list.addAll(index, checked);
        });
  }

  @Override
  public void clear() {
    locked(
        () -> {
          list.clear();
          return null;
        });
  }

  @Override
  public E removeFirst() {
    return locked(list::removeFirst);
  }

  @Override
  public E removeLast() {
    return locked(list::removeLast);
  }

  @Override
  public E update(int index, UnaryOperator<E> fn) {
    Objects.requireNonNull(fn, "fn: pass the function from the element to its replacement");
    return locked(
        () -> {
          checkIndex(index, list.size());
          E replacement =
              Objects.requireNonNull(
                  fn.apply(list.get(index)),
                  "update's function returned null: a shared list holds no null elements");
          list.set(index, replacement);
          return replacement;
        });
  }

  @Override
  public void replaceAll(UnaryOperator<E> operator) {
    Objects.requireNonNull(operator, "operator");
    locked(
        () -> {
          List<E> replaced = new ArrayList<>(list.size()); // all or nothing, if the operator throws
          for (E e : list) {
            replaced.add(checkNotNull(operator.apply(e)));
          }
          list.clear();
          list.addAll(replaced);
          return null;
        });
  }

  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    Objects.requireNonNull(filter, "filter");
    return locked(
        () -> {
          List<E> kept = new ArrayList<>(list.size()); // all or nothing, if the filter throws
          for (E e : list) {
            if (!filter.test(e)) {
              kept.add(e);
            }
          }
          boolean removed = kept.size() != list.size();
          list.clear();
          list.addAll(kept);
          return removed;
        });
  }

  @Override
  public void sort(Comparator<? super E> order) {
    locked(
        () -> {
          List<E> sorted = new ArrayList<>(list); // all or nothing, if the comparator throws
          sorted.sort(order);
          list.clear();
          list.addAll(sorted);
          return null;
        });
  }

  @Override
  public void repeat(int times) {
    locked(
        () -> {
          int total = repeatedSize(list.size(), times);
          List<E> once = new ArrayList<>(list);
          list.clear();
          list.ensureCapacity(total);
          for (int i = 0; i < times; i++) {
            list.addAll(once);
          }
          return null;
        });
  }

  @Override
  public List<E> snapshot() {
    return locked(() -> new ArrayList<>(list));
  }
}
