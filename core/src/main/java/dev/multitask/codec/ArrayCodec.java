package dev.multitask.codec;

import java.util.Arrays;

/**
 * How {@link Codec} writes arrays of objects: packed when all are Integers, Longs or Doubles (a
 * pool's map chunks and results), element by element when all are scalars ({@code OBJECTS}) or
 * scalars, enum constants and records ({@code MEMBERS}), else by JDK serialization. {@link Codec}
 * reads them: a fresh worker reads a map's chunks, and every class it needs for that is in its
 * cache when it is one the cache was trained with.
 */
final class ArrayCodec {
  private ArrayCodec() {}

  /**
   * Writes the first {@code n} elements of {@code a} as an {@code Object[]}: packed when all are
   * Integers (Longs, Doubles), which is tried first in one pass; element by element when each takes
   * a tagged path by itself; else by JDK serialization.
   */
  static void encode(Object[] a, int n, BytesOut out) {
    Class<?> first = n == 0 || a[0] == null ? null : a[0].getClass();
    if (first == Integer.class
        || first == Long.class
        || first == Double.class) { // the common case, in one pass
      if (out.writePacked(
          a,
          n,
          first == Integer.class
              ? Codec.BOXED_INTS
              : first == Long.class ? Codec.BOXED_LONGS : Codec.BOXED_DOUBLES)) {
        return;
      }
    }
    for (int i = 0; i < n; i++) {
      if (!plain(a[i])) {
        encodeMembers(a, n, out);
        return;
      }
    }
    out.writeByte(Codec.OBJECTS).writeInt(n);
    for (int i = 0; i < n; i++) {
      Codec.encode(a[i], out);
    }
  }

  /**
   * Writes the first {@code n} elements of {@code a}, not all scalars, as an {@code Object[]} of
   * members ({@link RecordCodec}: scalars, enum constants, records; a pool's map over records) when
   * each takes that path and no record is there twice; else by JDK serialization.
   */
  private static void encodeMembers(Object[] a, int n, BytesOut out) {
    RecordCodec.Walk walk = new RecordCodec.Walk(n);
    for (int i = 0; i < n; i++) {
      if (!walk.takes(a[i])) {
        out.writeByte(Codec.JAVA);
        Codec.serialize(n == a.length ? a : Arrays.copyOf(a, n), out);
        return;
      }
    }
    out.writeByte(Codec.MEMBERS).writeInt(n);
    RecordCodec.Names names = new RecordCodec.Names();
    for (int i = 0; i < n; i++) {
      RecordCodec.writeMember(a[i], out, names);
    }
  }

  /**
   * Whether a value takes the tagged path by itself (so an array of it needs no JDK serialization).
   */
  private static boolean plain(Object v) {
    return v == null
        || v instanceof Integer
        || v instanceof Long
        || v instanceof String
        || v instanceof Double
        || v instanceof Boolean
        || v instanceof Float
        || v instanceof Byte
        || v instanceof Short
        || v instanceof Character
        || v instanceof byte[]
        || v instanceof int[]
        || v instanceof long[]
        || v instanceof double[];
  }
}
