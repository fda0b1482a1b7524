package dev.multitask.redis.shared;

import dev.multitask.engine.containers.AbstractSharedList;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.client.Scripts;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The {@link dev.multitask.shared.SharedList} of the cluster: a list of encoded elements in Redis.
 * Each call is one script, atomic on the server: positional calls check their index there, {@code
 * addAll} adds its batch in one step, {@code repeat} is Python's {@code *=}.
 *
 * <p>{@code update} runs its function in the caller on the element it read and writes the result if
 * the element at that index is still the one it read (else runs again); {@code replaceAll}, {@code
 * removeIf}, {@code sort} and {@code remove(Object)} read the list, compute in the caller, and
 * replace the whole list if nothing changed meanwhile (else compute again): all or nothing, and no
 * update lost. A function that calls back into the same list throws {@link IllegalStateException}.
 * An element read out is a copy; a container stored as an element is the container itself. One
 * object per list per JVM; it serializes as its handle.
 */
final class RedisSharedList<E> extends AbstractSharedList<E> implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** What {@code remove(index)} writes over the element before removing it: no encoding's bytes. */
  private static final byte[] REMOVED = {0, 'm', 't', '-', 'r', 'e', 'm', 'o', 'v', 'e', 'd'};

  private final transient Container c;

  private RedisSharedList(Container container) {
    this.c = container;
  }

  static <E> RedisSharedList<E> create(
      Redis redis, RedisAddress server, String key, String manager) {
    return Handles.canonical(
        key, () -> new RedisSharedList<>(new Container(redis, server, key, manager)));
  }

  static <E> RedisSharedList<E> attach(RedisAddress server, String key, String manager) {
    return Handles.canonical(
        key, () -> new RedisSharedList<>(new Container(null, server, key, manager)));
  }

  private List<String> keys() {
    return List.of(c.key + ":l", c.key + ":v");
  }

  private static byte[] bytes(Object element) {
    return Container.encode(checkNotNull(element));
  }

  private static Object[] bytesOf(Collection<?> elements) {
    Object[] all = new Object[elements.size()];
    int i = 0;
    for (Object e : elements) {
      all[i++] = bytes(e);
    }
    return all;
  }

  @Override
  public E get(int index) {
    List<Object> r = c.run(ContainerScripts.LIST_GET, keys(), index);
    checkIndex(index, (int) Scripts.asLong(r.get(0)));
    return Container.decode(r.get(1));
  }

  @Override
  public E set(int index, E element) {
    List<Object> r = c.run(ContainerScripts.LIST_SET, keys(), index, bytes(element));
    checkIndex(index, (int) Scripts.asLong(r.get(0)));
    return Container.decode(r.get(1));
  }

  @Override
  public boolean add(E element) {
    c.run(ContainerScripts.LIST_ADD, keys(), bytes(element));
    return true;
  }

  @Override
  public void add(int index, E element) {
    insert(index, new Object[] {bytes(element)});
  }

  private void insert(int index, Object[] elements) {
    Object[] args = new Object[elements.length + 1];
    args[0] = index;
    System.arraycopy(elements, 0, args, 1, elements.length);
    List<Object> r = c.run(ContainerScripts.LIST_INSERT, keys(), args);
    if (Scripts.asLong(r.get(1)) == 0) {
      checkPosition(index, (int) Scripts.asLong(r.get(0)));
    }
  }

  @Override
  public E remove(int index) {
    List<Object> r = c.run(ContainerScripts.LIST_REMOVE_AT, keys(), index, REMOVED);
    checkIndex(index, (int) Scripts.asLong(r.get(0)));
    return Container.decode(r.get(1));
  }

  @Override
  public boolean remove(Object o) {
    if (o == null) {
      return false;
    }
    return rewrite(
        list -> {
          int i = list.indexOf(o);
          if (i < 0) {
            return null;
          }
          List<E> rest = new ArrayList<>(list);
          rest.remove(i);
          return rest;
        });
  }

  @Override
  public int size() {
    return (int) Scripts.asLong(c.run(ContainerScripts.LIST_SIZE, keys()).get(0));
  }

  @Override
  public boolean addAll(Collection<? extends E> elements) {
    Object[] all = bytesOf(elements);
    if (all.length > 0) {
      c.run(ContainerScripts.LIST_ADD, keys(), all);
    }
    return all.length > 0;
  }

  @Override
  public boolean addAll(int index, Collection<? extends E> elements) {
    Object[] all = bytesOf(elements);
    insert(index, all);
    return all.length > 0;
  }

  @Override
  public void clear() {
    c.run(ContainerScripts.LIST_CLEAR, keys());
  }

  @Override
  public E removeFirst() {
    return pop("first");
  }

  @Override
  public E removeLast() {
    return pop("last");
  }

  private E pop(String end) {
    Object e = c.run(ContainerScripts.LIST_POP, keys(), end).get(0);
    if (e == null) {
      throw new NoSuchElementException("the shared list is empty");
    }
    return Container.decode(e);
  }

  @Override
  public E update(int index, UnaryOperator<E> fn) {
    Objects.requireNonNull(fn, "fn: pass the function from the element to its replacement");
    List<Object> r = c.run(ContainerScripts.LIST_GET, keys(), index);
    checkIndex(index, (int) Scripts.asLong(r.get(0)));
    byte[] cur = (byte[]) r.get(1);
    while (true) {
      E old = Container.decode(cur);
      E replacement =
          Objects.requireNonNull(
              c.inFunction(() -> fn.apply(old)),
              "update's function returned null: a shared list holds no null elements");
      List<Object> done =
          c.run(ContainerScripts.LIST_CAS_AT, keys(), index, cur, bytes(replacement));
      long outcome = Scripts.asLong(done.get(1));
      if (outcome == 1) {
        return replacement;
      }
      if (outcome < 0) {
        checkIndex(index, (int) Scripts.asLong(done.get(0)));
      }
      cur = (byte[]) done.get(2); // another write came between: start from what it wrote
    }
  }

  /**
   * Replaces the list with what {@code change} makes of it (null: no change), if no other write
   * came between the read and the write; else reads and changes again.
   *
   * @return whether it changed the list
   */
  private boolean rewrite(Function<List<E>, List<E>> change) {
    while (true) {
      List<Object> r = c.run(ContainerScripts.LIST_SNAPSHOT, keys());
      long version = Scripts.asLong(r.get(0));
      List<E> current = decodeAll(r.subList(1, r.size()));
      List<E> next = c.inFunction(() -> change.apply(current));
      if (next == null) {
        return false;
      }
      Object[] args = new Object[next.size() + 1];
      args[0] = version;
      for (int i = 0; i < next.size(); i++) {
        args[i + 1] = bytes(next.get(i));
      }
      if (Scripts.asLong(c.run(ContainerScripts.LIST_REPLACE, keys(), args).get(0)) == 1) {
        return true;
      }
    }
  }

  private static <E> List<E> decodeAll(List<Object> encoded) {
    List<E> all = new ArrayList<>(encoded.size());
    for (Object e : encoded) {
      all.add(Container.decode(e));
    }
    return all;
  }

  @Override
  public void replaceAll(UnaryOperator<E> operator) {
    Objects.requireNonNull(operator, "operator");
    rewrite(
        list -> {
          List<E> replaced = new ArrayList<>(list.size());
          for (E e : list) {
            replaced.add(checkNotNull(operator.apply(e)));
          }
          return replaced;
        });
  }

  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    Objects.requireNonNull(filter, "filter");
    return rewrite(
        list -> {
          List<E> kept = new ArrayList<>(list.size());
          for (E e : list) {
            if (!filter.test(e)) {
              kept.add(e);
            }
          }
          return kept.size() == list.size() ? null : kept;
        });
  }

  @Override
  public void sort(Comparator<? super E> order) {
    rewrite(
        list -> {
          List<E> sorted = new ArrayList<>(list);
          sorted.sort(order);
          return sorted;
        });
  }

  @Override
  public void repeat(int times) {
    int size = size();
    repeatedSize(size, times); // checks the count; the server repeats what it has then
    c.run(ContainerScripts.LIST_REPEAT, keys(), times);
  }

  @Override
  public List<E> snapshot() {
    List<Object> r = c.run(ContainerScripts.LIST_SNAPSHOT, keys());
    return decodeAll(r.subList(1, r.size()));
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handles.Handle(Handles.LIST, c.server, c.key, c.manager);
  }
}
