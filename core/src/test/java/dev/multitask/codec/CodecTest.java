package dev.multitask.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 1: {@link Codec} round trips every value it promises to, and rejects broken input cleanly.
 */
class CodecTest {

  record Point(int x, String label, List<Integer> values) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  static Stream<Arguments> taggedValues() {
    return Stream.of(
        Arguments.of("null", null, Codec.NULL),
        Arguments.of("false", false, Codec.FALSE),
        Arguments.of("true", true, Codec.TRUE),
        Arguments.of("byte", (byte) -7, Codec.BYTE),
        Arguments.of("short", (short) -30_000, Codec.SHORT),
        Arguments.of("char", '\uffff', Codec.CHAR),
        Arguments.of("int min", Integer.MIN_VALUE, Codec.INT),
        Arguments.of("int max", Integer.MAX_VALUE, Codec.INT),
        Arguments.of("long min", Long.MIN_VALUE, Codec.LONG),
        Arguments.of("float", -1.5e-3f, Codec.FLOAT),
        Arguments.of("float NaN", Float.NaN, Codec.FLOAT),
        Arguments.of("double", Math.PI, Codec.DOUBLE),
        Arguments.of("double -0.0", -0.0d, Codec.DOUBLE),
        Arguments.of("double infinity", Double.NEGATIVE_INFINITY, Codec.DOUBLE),
        Arguments.of("empty string", "", Codec.STRING),
        Arguments.of("unicode string", "héllo, 世界 \uD83D\uDE80 \0 end", Codec.STRING),
        Arguments.of("bytes", new byte[] {0, -1, 127, -128}, Codec.BYTES),
        Arguments.of("empty bytes", new byte[0], Codec.BYTES),
        Arguments.of(
            "ints", new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}, Codec.INTS),
        Arguments.of("longs", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, Codec.LONGS),
        Arguments.of(
            "doubles",
            new double[] {Double.NaN, -0.0, Double.MIN_VALUE, Double.MAX_VALUE},
            Codec.DOUBLES),
        Arguments.of("empty doubles", new double[0], Codec.DOUBLES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taggedValues")
  void encode_taggedValue_roundTripsOnFastPath(String description, Object value, byte tag) {
    byte[] bytes = Codec.encode(value);

    assertEquals(tag, bytes[0], "tag of " + description);
    assertEqualValues(value, Codec.decode(bytes));
  }

  private static void assertEqualValues(Object expected, Object actual) {
    switch (expected) {
      case null -> assertEquals(null, actual);
      case byte[] a -> assertArrayEquals(a, (byte[]) actual);
      case int[] a -> assertArrayEquals(a, (int[]) actual);
      case long[] a -> assertArrayEquals(a, (long[]) actual);
      case double[] a -> {
        double[] b = (double[]) actual;
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
          assertEquals(
              Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "element " + i);
        }
      }
      default -> {
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(
            expected,
            actual); // Double/Float equals compares bits: -0.0 and NaN are checked exactly
      }
    }
  }

  @Test
  void encode_smallInt_takesFiveBytes() {
    assertEquals(5, Codec.encode(42).length);
    assertEquals(1, Codec.encode(null).length);
  }

  @Test
  void encode_serializableRecord_roundTripsThroughJavaSerialization() {
    Point point = new Point(3, "p", List.of(1, 2, 3));
    byte[] bytes = Codec.encode(point);

    assertEquals(Codec.JAVA, bytes[0]);
    Object decoded = Codec.decode(bytes);
    assertEquals(point, decoded);
    assertNotSame(point, decoded);
  }

  @Test
  void encode_objectArrayOfPlainValues_takesTheTaggedPath() {
    Object[] plain = {1, 2L, "three", null, 4.5, true, new int[] {6}, 'c'};
    byte[] bytes = Codec.encode(plain);

    assertEquals(Codec.OBJECTS, bytes[0]);
    Object[] decoded = (Object[]) Codec.decode(bytes);
    assertEquals(plain.length, decoded.length);
    assertEquals(List.of(1, 2L, "three"), List.of(decoded[0], decoded[1], decoded[2]));
    assertEquals(null, decoded[3]);
    assertArrayEquals(new int[] {6}, (int[]) decoded[6]);
    assertEquals(
        1 + 4 + 5 + 6,
        Codec.encode(new Object[] {7, "x"}).length,
        "tag, length, tagged int, tagged one-byte string");
  }

  static Stream<Arguments> boxedArrays() {
    return Stream.of(
        Arguments.of(
            new Object[] {Integer.MIN_VALUE, -1, 0, 300, Integer.MAX_VALUE},
            Codec.BOXED_INTS,
            4,
            int[].class),
        Arguments.of(
            new Object[] {Long.MIN_VALUE, 0L, Long.MAX_VALUE}, Codec.BOXED_LONGS, 8, long[].class),
        Arguments.of(
            new Object[] {Double.NaN, -0.0, Math.E}, Codec.BOXED_DOUBLES, 8, double[].class));
  }

  @ParameterizedTest
  @MethodSource("boxedArrays")
  void encode_objectArrayOfOneNumberType_isPacked_andDecodesToBoxesOrUnboxed(
      Object[] array, byte tag, int width, Class<?> unboxedType) {
    byte[] bytes = Codec.encode(array);

    assertEquals(tag, bytes[0]);
    assertEquals(
        1 + 4 + width * array.length, bytes.length, "tag, length, the numbers with no tag each");
    Object[] decoded = (Object[]) Codec.decode(bytes);
    assertEquals(Object[].class, decoded.getClass());
    assertArrayEquals(array, decoded);
    Object unboxed = Codec.decodeUnboxed(new BytesIn(bytes));
    assertEquals(unboxedType, unboxed.getClass());
    for (int i = 0; i < array.length; i++) {
      assertEquals(array[i], java.lang.reflect.Array.get(unboxed, i), "element " + i);
    }
  }

  @Test
  void encode_numbersMixedOrWithNull_areNotPacked() {
    assertEquals(Codec.OBJECTS, Codec.encode(new Object[] {1, 2L})[0]);
    assertEquals(Codec.OBJECTS, Codec.encode(new Object[] {1, null})[0]);
    assertEquals(Codec.OBJECTS, Codec.encode(new Object[] {null, 1})[0]);
    assertEquals(Codec.OBJECTS, Codec.encode(new Object[0])[0]);
    assertArrayEquals(
        new Object[] {1, null}, (Object[]) Codec.decode(Codec.encode(new Object[] {1, null})));
    assertEquals(
        Object[].class,
        Codec.decodeUnboxed(new BytesIn(Codec.encode(new Object[] {"a", 1}))).getClass());
    Object[] longRunThenOther = new Object[1001];
    for (int i = 0; i < 1000; i++) {
      longRunThenOther[i] = i;
    }
    longRunThenOther[1000] = "last";
    BytesOut out = new BytesOut(16);
    out.writeByte(99); // what came before in the buffer stays
    Codec.encode(longRunThenOther, out);
    BytesIn in = new BytesIn(out.toByteArray());
    assertEquals(99, in.readByte());
    assertEquals(Codec.OBJECTS, in.peekByte(), "a packed run that meets another type is undone");
    assertArrayEquals(longRunThenOther, (Object[]) Codec.decode(in));
  }

  @Test
  void encodeArray_ofAList_writesWhatTheArrayWouldWrite() {
    for (List<?> list :
        List.of(
            List.of(1, 2, 3),
            Arrays.asList("a", null, 2L),
            List.of(1, new Point(1, "p", List.of())),
            List.of(5, 6, 7, 8).subList(1, 3))) {
      BytesOut out = new BytesOut(8);
      Codec.encodeArray(list, out);
      assertArrayEquals(Codec.encode(list.toArray()), out.toByteArray(), list.toString());
    }
  }

  @Test
  void decodeUnboxed_ofSomethingOtherThanAnArray_throwsIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Codec.decodeUnboxed(new BytesIn(Codec.encode("x"))));
    assertTrue(e.getMessage().contains("Object[]"), e.getMessage());
  }

  @Test
  void encode_objectArrayWithOtherValues_orOtherArrayTypes_keepsJavaSerialization() {
    Object[] mixed = {1, new Point(1, "p", List.of())};
    assertEquals(Codec.JAVA, Codec.encode(mixed)[0]);
    assertEquals(mixed[1], ((Object[]) Codec.decode(Codec.encode(mixed)))[1]);
    String[] strings = {"a"};
    assertEquals(Codec.JAVA, Codec.encode(strings)[0], "a String[] stays a String[]");
    assertEquals(String[].class, Codec.decode(Codec.encode(strings)).getClass());
  }

  @Test
  void encode_collections_roundTrip() {
    List<Object> list = new ArrayList<>(List.of("a", 1, 2L));
    Map<String, Object> map = new HashMap<>(Map.of("k", List.of(1.5, "v")));

    assertEquals(list, Codec.decode(Codec.encode(list)));
    assertEquals(map, Codec.decode(Codec.encode(map)));
  }

  @Test
  void encode_appendedValues_decodeInOrderFromOneBuffer() {
    BytesOut out = new BytesOut(8);
    Codec.encode("first", out);
    Codec.encode(2, out);
    Codec.encode(new Point(1, "third", List.of()), out);
    Codec.encode(null, out);
    BytesIn in = new BytesIn(out.toByteArray());

    assertEquals("first", Codec.decode(in));
    assertEquals(2, Codec.decode(in));
    assertEquals(new Point(1, "third", List.of()), Codec.decode(in));
    assertEquals(null, Codec.decode(in));
    assertEquals(0, in.remaining());
  }

  static Stream<Arguments> everyEncoding() {
    return Stream.concat(
        taggedValues().map(a -> Arguments.of(a.get()[0], a.get()[1])),
        Stream.of(
            Arguments.of("record", new Point(1, "p", List.of(7))),
            Arguments.of("list", new ArrayList<>(List.of(1, "x"))),
            Arguments.of("packed Integers", new Object[] {1, 2, 3}),
            Arguments.of("packed Longs", new Object[] {1L, 2L})));
  }

  /**
   * Every strict prefix of every encoding is rejected with IllegalArgumentException, never garbage.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEncoding")
  void decode_truncatedInput_throwsIllegalArgument(String description, Object value) {
    byte[] full = Codec.encode(value);
    for (int length = 0; length < full.length; length++) {
      byte[] prefix = Arrays.copyOf(full, length);
      int n = length;
      assertThrows(
          IllegalArgumentException.class,
          () -> Codec.decode(prefix),
          () -> description + " cut to " + n + " of " + full.length + " bytes");
    }
  }

  @Test
  void decode_unknownTag_throwsIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(new byte[] {99}));
    assertTrue(e.getMessage().contains("unknown tag 99"), e.getMessage());
  }

  @Test
  void decode_hugeOrNegativeLength_throwsIllegalArgumentWithoutAllocating() {
    byte[][] inputs = {
      {Codec.INTS, 0x7f, -1, -1, -1},
      {Codec.LONGS, 0x10, 0, 0, 0, 1, 2, 3},
      {Codec.DOUBLES, -1, -1, -1, -1},
      {Codec.BYTES, 0x7f, -1, -1, -1},
      {Codec.BOXED_INTS, 0x7f, -1, -1, -1},
      {Codec.BOXED_DOUBLES, 0, 0, 0, 2, 0, 0, 0, 0},
      {Codec.STRING, -1, -1, -1, -2},
    };
    for (byte[] input : inputs) {
      assertThrows(
          IllegalArgumentException.class, () -> Codec.decode(input), () -> Arrays.toString(input));
    }
  }

  @Test
  void decode_nullString_isNull() {
    assertEquals(null, Codec.decode(new byte[] {Codec.STRING, -1, -1, -1, -1}));
  }

  @Test
  void decode_garbageAfterJavaTag_throwsIllegalArgument() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Codec.decode(new byte[] {Codec.JAVA, 1, 2, 3, 4, 5, 6}));
  }

  @Test
  void encode_unserializableValue_throwsIllegalArgumentNamingPath() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Codec.encode(List.of("fine", new Object())));

    assertTrue(e.getMessage().contains("[1] (java.lang.Object)"), e.getMessage());
  }

  /** A classic deserialization gadget's entry class is refused on the way in. */
  @Test
  void decode_deniedGadgetClass_throwsIllegalArgument() throws ReflectiveOperationException {
    // by reflection: the tests compile inside module dev.multitask, which does not read
    // java.management
    Object gadget =
        Class.forName("javax.management.BadAttributeValueExpException")
            .getConstructor(Object.class)
            .newInstance("payload");
    byte[] bytes = Codec.encode(gadget);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(bytes));
    assertInstanceOf(
        java.io.InvalidClassException.class, e.getCause(), () -> String.valueOf(e.getCause()));
  }
}
