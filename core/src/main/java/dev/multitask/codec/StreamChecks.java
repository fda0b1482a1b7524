package dev.multitask.codec;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * What an {@code ObjectInputStream} would show a deserialization filter while reading one value,
 * replayed by a tagged path that reads the value without one: each class the first time its
 * description would appear, a back reference (no class) after, at the depth the stream would be at.
 *
 * <p>Depths as the stream counts them: the value itself at {@code 1}, a value held by it at one
 * more. A class description's superclass descriptions come one level deeper than it (a box's {@code
 * Number}, an enum's {@code Enum}). The reference counts and byte counts are close to the stream's,
 * not equal to them: a stream also counts the strings of its class descriptions.
 *
 * <p>It also keeps the classes of records and enum constants the value named, which later parts of
 * it refer to by index ({@link RecordCodec.Names} on the writing side). One per value read; not
 * thread-safe.
 */
final class StreamChecks {
  private final ObjectInputFilter filter;
  private final BytesIn in;
  private final int start;
  private final List<Class<?>> described = new ArrayList<>(4);

  /** The classes of records and enum constants this value named, by index ({@link #named}). */
  private final List<Class<?>> named = new ArrayList<>(2);

  private long references;

  /**
   * @param filter the filter to ask; null: none, every check passes
   * @param in the source the value is read from
   * @param start where the value's encoding began in {@code in}, for the byte counts
   */
  StreamChecks(ObjectInputFilter filter, BytesIn in, int start) {
    this.filter = filter;
    this.in = in;
    this.start = start;
  }

  /**
   * Asks the filter about {@code type} (an array when {@code arrayLength} is not negative; null: a
   * back reference), counting one more reference.
   */
  void check(Class<?> type, long arrayLength, long depth) {
    LambdaCodec.check(filter, type, arrayLength, depth, ++references, in.position() - start);
  }

  /**
   * Shows {@code type}'s class description at {@code depth}: the class the first time, a back
   * reference after. Returns whether it was the first time.
   */
  boolean describe(Class<?> type, long depth) {
    boolean first = !described.contains(type);
    check(first ? type : null, -1, depth);
    if (first) {
      described.add(type);
    }
    return first;
  }

  /** Records that the value named {@code type}, which later parts may refer to by its index. */
  void name(Class<?> type) {
    named.add(type);
  }

  /**
   * The class the value named {@code index}-th.
   *
   * @throws IllegalArgumentException if it named fewer
   */
  Class<?> named(int index) {
    if (index < 0 || index >= named.size()) {
      throw new IllegalArgumentException(
          "not a multitask encoding: class reference " + index + " of " + named.size());
    }
    return named.get(index);
  }

  /**
   * Shows the description of {@code value}'s class, a box or an enum's, with the superclass
   * description a stream writes the first time ({@code Number}'s, {@code Enum}'s) one level deeper.
   * Strings, nulls, booleans and characters have no superclass description to show.
   */
  void describeValue(Object value, long depth) {
    if (value == null || value instanceof String) {
      return; // a stream writes neither with a class description
    }
    Class<?> type = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
    if (describe(type, depth)) {
      if (value instanceof Number) {
        describe(Number.class, depth + 1);
      } else if (value instanceof Enum<?>) {
        describe(Enum.class, depth + 1);
      }
    }
  }
}
