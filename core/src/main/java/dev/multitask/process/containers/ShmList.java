package dev.multitask.process.containers;

import dev.multitask.engine.containers.AbstractSharedList;
import dev.multitask.process.shm.SharedSegment;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The {@link dev.multitask.shared.SharedList} of the process backend: an array of refs to element
 * blobs in shared memory ({@link ListStore}, {@link ListDescriptor}) behind the container's robust
 * mutex ({@link Container}). Elements are encoded in the caller, outside the mutex; functions run
 * under it, in the calling process, on decoded elements. One object per list per JVM; it serializes
 * as its handle.
 */
final class ShmList<E> extends AbstractSharedList<E> implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final String name;
  private final transient Container container;

  private ShmList(Container container) {
    this.name = container.name();
    this.container = container;
  }

  /**
   * A new, empty list of the manager of process {@code owner} (its owner word); {@code register}
   * lists its name with the manager before it exists.
   */
  static <E> ShmList<E> create(long owner, Consumer<String> register) {
    Container c =
        Container.create(
            ContainerDescriptor.KIND_LIST,
            owner,
            ListStore.MIN_SEGMENT,
            ListStore.formatFor(0),
            register);
    return Handles.register(c.name(), new ShmList<>(c));
  }

  /** This JVM's object for the list whose control segment is {@code name}. */
  static <E> ShmList<E> attach(String name) {
    return Handles.canonical(
        name, n -> new ShmList<>(Container.attach(n, ContainerDescriptor.KIND_LIST)));
  }

  String name() {
    return name;
  }

  Container container() {
    return container;
  }

  private static byte[] encode(Object element) {
    return Handles.encodeValue(checkNotNull(element));
  }

  @SuppressWarnings("unchecked")
  private E decode(byte[] bytes) {
    return (E) Handles.decodeValue(bytes);
  }

  /** Makes sure {@code need} bytes fit, moving the list to a larger, compacted segment if not. */
  private MemorySegment room(MemorySegment d, long need) {
    if (ListStore.fits(d, need)) {
      return d;
    }
    SharedSegment next =
        container.newData(ListStore.grownBytes(d, need), ListStore.formatFor(ListStore.size(d)));
    try {
      ListStore.copy(d, next.memory());
    } catch (RuntimeException | Error e) {
      next.unlink();
      next.close();
      throw e;
    }
    d = container.move(next);
    if (!ListStore.fits(d, need)) {
      throw new IllegalStateException(
          "shared list " + name + " has no room after growing (a bug): need=" + need);
    }
    return d;
  }

  /**
   * Replaces the list by {@code size} of its own elements, those at {@code positions} in this
   * order, under the mutex: room first, then the refs (a move would change them).
   */
  private void publish(MemorySegment d, int[] positions, int size) {
    d = room(d, ListStore.publishNeed(size));
    long[] refs = ListStore.refs(d);
    long[] chosen = new long[size];
    for (int i = 0; i < size; i++) {
      chosen[i] = refs[positions[i]];
    }
    ListStore.publish(d, chosen);
  }

  /** The positions {@code 0..size-1} but {@code skipped}. */
  private static int[] without(int size, int skipped) {
    int[] positions = new int[size - 1];
    for (int i = 0, n = 0; i < size; i++) {
      if (i != skipped) {
        positions[n++] = i;
      }
    }
    return positions;
  }

  /** Appends {@code values} under the mutex. */
  private void append(MemorySegment d, List<byte[]> values) {
    d = room(d, ListStore.appendNeed(d, values));
    ListStore.append(d, values);
  }

  @Override
  public E get(int index) {
    byte[] bytes;
    MemorySegment d = container.enter();
    try {
      checkIndex(index, ListStore.size(d));
      bytes = ListStore.element(d, index);
    } finally {
      container.exit();
    }
    return decode(bytes);
  }

  @Override
  public int size() {
    MemorySegment d = container.enter();
    try {
      return ListStore.size(d);
    } finally {
      container.exit();
    }
  }

  @Override
  public boolean add(E element) {
    byte[] bytes = encode(element);
    MemorySegment d = container.enter();
    try {
      append(d, List.of(bytes));
    } finally {
      container.exit();
    }
    return true;
  }

  @Override
  public boolean addAll(Collection<? extends E> elements) {
    List<byte[]> values = new ArrayList<>(elements.size());
    for (E e : elements) {
      values.add(encode(e));
    }
    MemorySegment d = container.enter();
    try {
      append(d, values);
    } finally {
      container.exit();
    }
    return !values.isEmpty();
  }

  @Override
  public E set(int index, E element) {
    byte[] bytes = encode(element);
    byte[] old;
    MemorySegment d = container.enter();
    try {
      checkIndex(index, ListStore.size(d));
      old = ListStore.element(d, index);
      d = room(d, ListDescriptor.blobLength(bytes.length));
      ListStore.set(d, index, bytes);
    } finally {
      container.exit();
    }
    return decode(old);
  }

  @Override
  public E update(int index, UnaryOperator<E> fn) {
    Objects.requireNonNull(fn, "fn: pass the function from the element to its replacement");
    MemorySegment d = container.enter();
    try {
      checkIndex(index, ListStore.size(d));
      E replacement =
          Objects.requireNonNull(
              fn.apply(decode(ListStore.element(d, index))),
              "update's function returned null: a shared list holds no null elements");
      byte[] bytes = encode(replacement);
      d = room(d, ListDescriptor.blobLength(bytes.length));
      ListStore.set(d, index, bytes);
      return replacement;
    } finally {
      container.exit();
    }
  }

  @Override
  public void add(int index, E element) {
    addAll(index, List.of(element));
  }

  @Override
  public boolean addAll(int index, Collection<? extends E> elements) {
    List<byte[]> values = new ArrayList<>(elements.size());
    for (E e : elements) {
      values.add(encode(e));
    }
    MemorySegment d = container.enter();
    try {
      int size = ListStore.size(d);
      checkPosition(index, size);
      if (index == size) {
        append(d, values);
      } else if (!values.isEmpty()) {
        d = room(d, ListStore.blobBytes(values) + ListStore.publishNeed(size + values.size()));
        long[] old = ListStore.refs(d);
        long[] refs = new long[size + values.size()];
        System.arraycopy(old, 0, refs, 0, index);
        for (int i = 0; i < values.size(); i++) {
          refs[index + i] = ListStore.blob(d, values.get(i));
        }
        System.arraycopy(old, index, refs, index + values.size(), size - index);
        ListStore.publish(d, refs);
      }
    } finally {
      container.exit();
    }
    return !values.isEmpty();
  }

  @Override
  public E remove(int index) {
    byte[] old;
    MemorySegment d = container.enter();
    try {
      int size = ListStore.size(d);
      checkIndex(index, size);
      old = ListStore.element(d, index);
      if (index == size - 1) {
        ListStore.truncate(d, index);
      } else {
        publish(d, without(size, index), size - 1);
      }
    } finally {
      container.exit();
    }
    return decode(old);
  }

  @Override
  public E removeFirst() {
    return removeEnd(true);
  }

  @Override
  public E removeLast() {
    return removeEnd(false);
  }

  private E removeEnd(boolean first) {
    byte[] old;
    MemorySegment d = container.enter();
    try {
      int size = ListStore.size(d);
      if (size == 0) {
        throw new NoSuchElementException("the shared list is empty");
      }
      int index = first ? 0 : size - 1;
      old = ListStore.element(d, index);
      if (first) {
        publish(d, without(size, 0), size - 1);
      } else {
        ListStore.truncate(d, index);
      }
    } finally {
      container.exit();
    }
    return decode(old);
  }

  @Override
  public boolean remove(Object o) {
    if (o == null) {
      return false;
    }
    return removeMatching(o::equals, true);
  }

  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    Objects.requireNonNull(filter, "filter: pass the test of the elements to remove");
    return removeMatching(filter, false);
  }

  /**
   * Removes the elements {@code filter} accepts (only the first if {@code once}), in one publish.
   */
  private boolean removeMatching(Predicate<? super E> filter, boolean once) {
    MemorySegment d = container.enter();
    try {
      long[] refs = ListStore.refs(d);
      int[] kept = new int[refs.length];
      int n = 0;
      for (int i = 0;
          i < refs.length;
          i++) { // every test first: a filter that throws changes nothing
        if ((once && n < i) || !filter.test(decode(ListStore.bytes(d, refs[i])))) {
          kept[n++] = i;
        }
      }
      if (n < refs.length) {
        publish(d, kept, n);
      }
      return n < refs.length;
    } finally {
      container.exit();
    }
  }

  @Override
  public void replaceAll(UnaryOperator<E> operator) {
    Objects.requireNonNull(
        operator, "operator: pass the function from each element to its replacement");
    MemorySegment d = container.enter();
    try {
      long[] refs = ListStore.refs(d);
      List<byte[]> values = new ArrayList<>(refs.length);
      for (long ref :
          refs) { // every replacement first: an operator that throws leaves the list as it was
        values.add(encode(operator.apply(decode(ListStore.bytes(d, ref)))));
      }
      d = room(d, ListStore.blobBytes(values) + ListStore.publishNeed(values.size()));
      long[] replaced = new long[values.size()];
      for (int i = 0; i < replaced.length; i++) {
        replaced[i] = ListStore.blob(d, values.get(i));
      }
      ListStore.publish(d, replaced);
    } finally {
      container.exit();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void sort(Comparator<? super E> order) {
    MemorySegment d = container.enter();
    try {
      long[] refs = ListStore.refs(d);
      List<E> elements = new ArrayList<>(refs.length);
      Integer[] positions = new Integer[refs.length];
      for (int i = 0; i < refs.length; i++) {
        elements.add(decode(ListStore.bytes(d, refs[i])));
        positions[i] = i;
      }
      Comparator<? super E> c =
          order != null ? order : (a, b) -> ((Comparable<? super E>) a).compareTo(b);
      Arrays.sort(
          positions,
          (a, b) -> c.compare(elements.get(a), elements.get(b))); // stable; a throw changes nothing
      int[] sorted = new int[refs.length];
      for (int i = 0; i < sorted.length; i++) {
        sorted[i] = positions[i];
      }
      publish(d, sorted, sorted.length);
    } finally {
      container.exit();
    }
  }

  @Override
  public void clear() {
    MemorySegment d = container.enter();
    try {
      if (d.byteSize() > 4 * ListStore.MIN_SEGMENT) {
        container.move(
            container.newData(
                ListStore.MIN_SEGMENT, ListStore.formatFor(0))); // give the memory back
      } else {
        ListStore.truncate(d, 0);
      }
    } finally {
      container.exit();
    }
  }

  @Override
  public void repeat(int times) {
    MemorySegment d = container.enter();
    try {
      int size = ListStore.size(d);
      int total = repeatedSize(size, times);
      if (times == 1) {
        return;
      }
      int[] repeated = new int[total];
      for (int i = 0; i < total; i++) {
        repeated[i] = i % size; // blobs never change: the copies share them
      }
      publish(d, repeated, total);
    } finally {
      container.exit();
    }
  }

  @Override
  public List<E> snapshot() {
    List<byte[]> raw;
    MemorySegment d = container.enter();
    try {
      long[] refs = ListStore.refs(d);
      raw = new ArrayList<>(refs.length);
      for (long ref : refs) {
        raw.add(ListStore.bytes(d, ref));
      }
    } finally {
      container.exit();
    }
    List<E> copy = new ArrayList<>(raw.size());
    for (byte[] bytes : raw) {
      copy.add(decode(bytes));
    }
    return copy;
  }

  /**
   * Closes the list for every process and returns what it held, in one hold of its mutex: for a
   * registry.
   */
  List<E> closeAndRead() {
    List<byte[]> raw = new ArrayList<>();
    container.close(
        d -> {
          for (long ref : ListStore.refs(d)) {
            raw.add(ListStore.bytes(d, ref));
          }
        });
    List<E> elements = new ArrayList<>(raw.size());
    for (byte[] bytes : raw) {
      elements.add(decode(bytes));
    }
    return elements;
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handles.Handle(Handles.LIST, name);
  }
}
