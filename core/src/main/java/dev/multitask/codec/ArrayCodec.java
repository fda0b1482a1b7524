package dev.multitask.codec;

import java.io.ObjectInputFilter;
import java.util.Arrays;

/**
 * {@link Codec}'s arrays of objects: packed when all are Integers, Longs or Doubles (a pool's map
 * chunks and results), element by element when all are scalars ({@code OBJECTS}) or scalars, enum
 * constants and records ({@code MEMBERS}, read under the deserialization filter as a stream of that
 * array would be), else by JDK serialization.
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
   * Reads an {@code Object[]} of members after its tag, asking {@code filter} about the classes an
   * {@code ObjectInputStream} would show it for the array and its elements.
   */
  static Object[] readMembers(BytesIn in, ObjectInputFilter filter) {
    StreamChecks checks = new StreamChecks(filter, in, in.position() - 1);
    Object[] a = new Object[checkedLength(in, 1)];
    checks.describe(Object[].class, 1);
    checks.check(Object[].class, a.length, 1);
    for (int i = 0; i < a.length; i++) {
      a[i] = RecordCodec.readMember(in, checks, 2);
    }
    return a;
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

  /** A packed array of numbers, after its tag, as an array of primitives. */
  static Object unboxed(int tag, BytesIn in) {
    if (tag == Codec.BOXED_INTS) {
      int[] a = new int[checkedLength(in, 4)];
      in.readInts(a);
      return a;
    }
    if (tag == Codec.BOXED_LONGS) {
      long[] a = new long[checkedLength(in, 8)];
      in.readLongs(a);
      return a;
    }
    double[] a = new double[checkedLength(in, 8)];
    in.readDoubles(a);
    return a;
  }

  /** A packed array of numbers as the {@code Object[]} of boxes it was. */
  static Object[] boxed(int tag, BytesIn in) {
    Object[] a = new Object[checkedLength(in, tag == Codec.BOXED_INTS ? 4 : 8)];
    in.readBoxed(a, tag == Codec.BOXED_INTS ? 'I' : tag == Codec.BOXED_LONGS ? 'J' : 'D');
    return a;
  }

  /** An array's length, read and checked against the bytes left for elements of {@code width}. */
  static int checkedLength(BytesIn in, int width) {
    int n = in.readInt();
    if (n < 0 || (long) n * width > in.remaining()) {
      throw new IllegalArgumentException(
          "truncated array: "
              + n
              + " elements of "
              + width
              + " bytes, "
              + in.remaining()
              + " left");
    }
    return n;
  }
}
