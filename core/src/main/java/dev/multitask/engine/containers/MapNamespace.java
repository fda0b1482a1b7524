package dev.multitask.engine.containers;

import dev.multitask.shared.Namespace;
import dev.multitask.shared.SharedMap;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A {@link Namespace} over a {@link SharedMap} of attribute names to values; names starting with
 * {@code _} live in this object only. Serializes as its map (a process map travels as a handle), so
 * every copy shares the attributes and has {@code _} attributes of its own, as a Python proxy.
 */
public final class MapNamespace implements Namespace, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // a process map serializes as its handle; a thread map never travels
  private final SharedMap<String, Object> attributes;

  private transient Map<String, Object> own = new ConcurrentHashMap<>();

  /**
   * A namespace over {@code attributes}.
   *
   * @param attributes the shared attributes, keyed by name
   */
  public MapNamespace(SharedMap<String, Object> attributes) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
  }

  /**
   * The shared map behind this namespace.
   *
   * @return the map of attribute names to values
   */
  public SharedMap<String, Object> attributes() {
    return attributes;
  }

  private static boolean own(String name) {
    return Objects.requireNonNull(name, "name: pass the attribute's name").startsWith("_");
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(String name) {
    Object value = own(name) ? own.get(name) : attributes.get(name);
    if (value == null) {
      throw new NoSuchElementException(
          "no attribute '" + name + "' in " + this + ": set it first, or use get(name, fallback)");
    }
    return (T) value;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(String name, T fallback) {
    Object value = own(name) ? own.get(name) : attributes.get(name);
    return value == null ? fallback : (T) value;
  }

  @Override
  public void set(String name, Object value) {
    boolean local = own(name);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an attribute needs a name: name is empty");
    }
    Objects.requireNonNull(
        value, () -> "a namespace attribute cannot be null: use remove(\"" + name + "\")");
    if (local) {
      own.put(name, value);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public boolean has(String name) {
    return own(name) ? own.containsKey(name) : attributes.containsKey(name);
  }

  @Override
  public boolean remove(String name) {
    return (own(name) ? own.remove(name) : attributes.remove(name)) != null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T update(String name, UnaryOperator<T> fn) {
    Objects.requireNonNull(fn, "fn: pass the function from the old value to the new one");
    Map<String, Object> where = own(name) ? own : attributes;
    return (T) where.compute(name, (k, v) -> fn.apply((T) v));
  }

  @Override
  public SequencedSet<String> names() {
    return new LinkedHashSet<>(attributes.snapshot().keySet());
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Namespace(");
    String separator = "";
    for (Map.Entry<String, Object> e : attributes.snapshot().entrySet()) {
      s.append(separator).append(e.getKey()).append('=');
      s.append(
          e.getValue() instanceof String text ? "'" + text + "'" : String.valueOf(e.getValue()));
      separator = ", ";
    }
    return s.append(')').toString();
  }

  /** Two namespaces are equal when they share their attributes (over the same map). */
  @Override
  public boolean equals(Object o) {
    return o instanceof MapNamespace other && attributes == other.attributes;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(attributes);
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    own = new ConcurrentHashMap<>();
  }
}
