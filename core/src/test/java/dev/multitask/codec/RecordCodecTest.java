package dev.multitask.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: enum constants, records of scalars, and objects that travel as such a record ({@code
 * writeReplace}, as multitask's shared objects do) on {@link Codec}'s tagged path, read back as JDK
 * serialization reads them, and when they keep to JDK serialization.
 */
class RecordCodecTest {
  enum Color {
    RED,
    GREEN {
      @Override
      public String toString() {
        return "green";
      }
    }
  }

  record Point(int x, long y, Integer boxed, String label, Color color) implements Serializable {
    Point {
      if (x < 0) {
        throw new IllegalArgumentException("x must not be negative: " + x);
      }
    }
  }

  record Line(Point from, Point to, double width) implements Serializable {}

  /**
   * What a shared object writes: its name; read back as this JVM's one instance of that name. Its
   * {@code writeReplace} calls are counted.
   */
  static final class Shared implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    static final ConcurrentHashMap<String, Shared> BY_NAME = new ConcurrentHashMap<>();
    static final AtomicInteger REPLACED = new AtomicInteger();
    final String name;

    Shared(String name) {
      this.name = name;
    }

    static Shared named(String name) {
      return BY_NAME.computeIfAbsent(name, Shared::new);
    }

    @Serial
    private Object writeReplace() {
      REPLACED.incrementAndGet();
      return new Handle(Color.RED, name, null);
    }

    record Handle(Color kind, String name, Serializable extra) implements Serializable {
      @Serial
      private Object readResolve() {
        return named(name);
      }
    }
  }

  @Test
  void enumsAndRecordsOfScalars_takeTheTaggedPath_andComeBackEqual() {
    assertSame(Color.RED, roundTrip(Color.RED, Codec.ENUM));
    assertSame(Color.GREEN, roundTrip(Color.GREEN, Codec.ENUM), "a constant with a body");
    Point p = new Point(1, 2L, 3, "p", Color.GREEN);
    assertEquals(p, roundTrip(p, Codec.RECORD));
    Point empty = new Point(0, 0L, null, null, null);
    assertEquals(empty, roundTrip(empty, Codec.RECORD));
    Line line = new Line(p, new Point(4, 5L, -6, "q", Color.RED), 0.5);
    assertEquals(line, roundTrip(line, Codec.RECORD));
  }

  /** A record that registers how it is made, as multitask's shared objects' handles do. */
  record Registered(int n, Color color) implements Serializable {
    static final AtomicInteger MADE = new AtomicInteger();

    static {
      Codec.makeRecords(MethodHandles.lookup(), new Maker());
    }

    Registered {
      if (n < 0) {
        throw new IllegalArgumentException("n must not be negative: " + n);
      }
    }

    @Serial
    private Object readResolve() {
      return "resolved " + n + " " + color;
    }

    private static final class Maker implements RecordMaker<Registered> {
      @Override
      public Registered make(Object[] c) {
        MADE.incrementAndGet();
        return new Registered((Integer) c[0], (Color) c[1]);
      }

      @Override
      public Object resolve(Registered made) {
        return made.readResolve();
      }
    }
  }

  @Test
  void aRecordThatRegistersAMaker_isMadeByIt_asTheStreamWouldMakeIt() throws Exception {
    Registered r = new Registered(2, Color.GREEN);
    int before = Registered.MADE.get();
    assertEquals("resolved 2 green", roundTrip(r, Codec.RECORD));
    assertEquals(before + 1, Registered.MADE.get(), "made by its maker");
    assertEquals(
        withoutReferences(seenByObjectInputStream(r)),
        withoutReferences(readWithFilter(Codec.encode(r))),
        "the filter sees what it would see");

    byte[] bytes = Codec.encode(new Registered(7, null));
    BytesIn header = new BytesIn(bytes, 1, bytes.length - 1);
    header.readString();
    header.readLong();
    bytes[header.position()] = (byte) 0x80; // n, first in serialization's order: negative
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(bytes));
    assertTrue(e.getMessage().contains("n must not be negative"), e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Codec.makeRecords(MethodHandles.lookup(), new Registered.Maker()));
    assertTrue(e.getMessage().contains("registered by the record itself"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Codec.makeRecords(MethodHandles.lookup(), null));
    assertTrue(e.getMessage().contains("maker null"), e.getMessage());
  }

  private static List<String> readWithFilter(byte[] encoded) {
    List<String> seen = new ArrayList<>();
    RecordCodec.read(
        encoded[0],
        new BytesIn(encoded, 1, encoded.length - 1),
        new StreamChecks(recorder(seen), new BytesIn(encoded), 0),
        1);
    return seen;
  }

  @Test
  void anArrayOfRecords_travelsMemberByMember_unlessARecordIsThereTwice() throws Exception {
    Point p = new Point(1, 2L, 3, "p", Color.GREEN);
    Object[] items = {p, new Point(4, 5L, null, null, Color.RED), Color.GREEN, 6, "seven", null};
    byte[] bytes = Codec.encode(items);
    assertEquals(Codec.MEMBERS, bytes[0]);
    assertEquals(Arrays.asList(items), Arrays.asList((Object[]) Codec.decode(bytes)));
    List<String> seen = new ArrayList<>();
    Object[] back = (Object[]) Codec.decodeUnboxed(new BytesIn(bytes));
    assertEquals(Arrays.asList(items), Arrays.asList(back), "as a map's chunk or results are read");
    Codec.readMembers(new BytesIn(bytes, 1, bytes.length - 1), recorder(seen));
    assertEquals(
        withoutReferences(seenByObjectInputStream(items)),
        withoutReferences(seen),
        "the filter sees what it would see");

    Object[] twice = {p, p};
    byte[] java = Codec.encode(twice);
    assertEquals(Codec.JAVA, java[0], "the stream keeps the two one object");
    Object[] again = (Object[]) Codec.decode(java);
    assertSame(again[0], again[1]);
  }

  @Test
  void aRecordIsMadeByItsConstructor_whoseChecksRun() {
    byte[] bytes = Codec.encode(new Point(7, 0L, null, null, null));
    BytesIn header = new BytesIn(bytes, 1, bytes.length - 1);
    header.readString();
    header.readLong();
    bytes[header.position()] = (byte) 0x80; // the int x, first in serialization's order: negative
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(bytes));
    assertTrue(e.getMessage().contains("x must not be negative"), e.getMessage());
  }

  @Test
  void anObjectReplacedByARecord_travelsAsTheRecord_andIsResolvedOnce() {
    Shared shared = Shared.named("a");
    int before = Shared.REPLACED.get();
    assertSame(shared, roundTrip(shared, Codec.RECORD), "readResolve's instance");
    assertEquals(before + 1, Shared.REPLACED.get(), "writeReplace ran once");

    Task<String> task = () -> shared.name + "!";
    Object back = roundTrip(task, Codec.LAMBDA);
    assertEquals("a!", call(back));
    assertEquals(before + 2, Shared.REPLACED.get(), "writeReplace ran once for the lambda");
  }

  @Test
  void whatCannotTakeThePath_keepsToJdkSerialization_withWriteReplaceRunOnce() {
    Shared shared = Shared.named("b");
    List<String> list = new ArrayList<>(List.of("x"));
    int before = Shared.REPLACED.get();
    Task<String> withAList = () -> shared.name + list;
    assertEquals("b[x]", call(roundTrip(withAList, Codec.JAVA)));
    assertEquals(before + 1, Shared.REPLACED.get(), "replaced here, not again by the stream");

    record HoldsAList(List<String> items) implements Serializable {}
    assertEquals(new HoldsAList(list), roundTrip(new HoldsAList(list), Codec.JAVA), "not a scalar");

    record Proxied(int n) implements Serializable {
      @Serial
      private Object writeReplace() {
        return "proxy " + n;
      }
    }
    assertEquals("proxy 3", roundTrip(new Proxied(3), Codec.STRING), "written as its replacement");

    // one record held twice: the stream keeps it one object, so it keeps to the stream
    Point p = new Point(1, 2L, null, null, null);
    Point same = p;
    Task<Boolean> twice = () -> p == same;
    assertEquals(true, call(roundTrip(twice, Codec.JAVA)));
  }

  @Test
  void theFilterSeesTheClassesAndDepthsObjectInputStreamWould() throws Exception {
    Shared a = Shared.named("c");
    Shared b = Shared.named("d");
    Integer five = 5;
    Color green = Color.GREEN;
    Line line = new Line(new Point(1, 2L, 3, "p", Color.RED), new Point(4, 5L, 7, null, null), 1);
    Task<String> task = () -> five + a.name + green + b.name + line;
    byte[] bytes = Codec.encode(task);
    assertEquals(Codec.LAMBDA, bytes[0]);
    List<String> ours = new ArrayList<>();
    Object back = LambdaCodec.read(new BytesIn(bytes, 1, bytes.length - 1), recorder(ours));
    assertEquals(task.call(), call(back));
    assertEquals(
        withoutReferences(seenByObjectInputStream(task)),
        withoutReferences(ours),
        "classes and depths");

    for (Object value : List.of(Color.GREEN, line, a)) {
      List<String> seen = new ArrayList<>();
      byte[] encoded = Codec.encode(value);
      RecordCodec.read(
          encoded[0],
          new BytesIn(encoded, 1, encoded.length - 1),
          new StreamChecks(recorder(seen), new BytesIn(encoded), 0),
          1);
      assertEquals(
          withoutReferences(seenByObjectInputStream(value)),
          withoutReferences(seen),
          "classes and depths of " + value);
    }
  }

  static final class Initialized {
    static {
      System.setProperty("multitask.test.recordInitialized", "yes");
    }
  }

  record Guarded(int n) implements Serializable {
    static final Initialized TOUCH = new Initialized();
  }

  @Test
  void aRefusedClass_isRefusedBeforeItIsInitialized() {
    byte[] bytes =
        new BytesOut(64)
            .writeByte(Codec.RECORD)
            .writeString(Guarded.class.getName())
            .writeLong(0)
            .toByteArray();
    ObjectInputFilter refuse = Filters.refusing(Guarded.class);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordCodec.read(
                    Codec.RECORD,
                    new BytesIn(bytes, 1, bytes.length - 1),
                    new StreamChecks(refuse, new BytesIn(bytes), 0),
                    1));
    assertTrue(e.getMessage().contains("rejects " + Guarded.class.getName()), e.getMessage());
    assertNull(System.getProperty("multitask.test.recordInitialized"));
  }

  @Test
  void aBrokenOrForeignEncoding_failsCleanly() {
    byte[] enumBytes =
        new BytesOut(64)
            .writeByte(Codec.ENUM)
            .writeString(Color.class.getName())
            .writeString("BLUE")
            .toByteArray();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(enumBytes));
    assertTrue(e.getMessage().contains("has no constant BLUE"), e.getMessage());

    byte[] notAnEnum =
        new BytesOut(64)
            .writeByte(Codec.ENUM)
            .writeString(String.class.getName())
            .writeString("RED")
            .toByteArray();
    e = assertThrows(IllegalArgumentException.class, () -> Codec.decode(notAnEnum));
    assertTrue(e.getMessage().contains("is not an enum"), e.getMessage());

    byte[] point = Codec.encode(new Point(1, 2L, 3, "p", Color.RED));
    BytesIn header = new BytesIn(point, 1, point.length - 1);
    header.readString();
    point[header.position()] ^= 1; // the shape hash
    e = assertThrows(IllegalArgumentException.class, () -> Codec.decode(point));
    assertTrue(
        e.getMessage().contains("differs between this JVM and the sender's"), e.getMessage());

    byte[] dangling =
        new BytesOut(16)
            .writeByte(Codec.MEMBERS)
            .writeInt(1)
            .writeByte(Codec.RECORD_AGAIN)
            .writeInt(5)
            .toByteArray();
    e = assertThrows(IllegalArgumentException.class, () -> Codec.decode(dangling));
    assertTrue(e.getMessage().contains("class reference 5 of 0"), e.getMessage());

    byte[] foreign = Codec.encode(new Point(1, 2L, null, null, null));
    foreign[foreign.length - 3] = Codec.JAVA; // the tag of the first reference component
    e = assertThrows(IllegalArgumentException.class, () -> Codec.decode(foreign));
    assertTrue(e.getMessage().contains("not a multitask encoding"), e.getMessage());
  }

  private static Object roundTrip(Object value, byte expectedTag) {
    byte[] bytes = Codec.encode(value);
    assertEquals(expectedTag, bytes[0], "tag of " + value);
    return Codec.decode(bytes);
  }

  private static Object call(Object task) {
    try {
      return ((Task<?>) task).call();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectInputFilter recorder(List<String> seen) {
    return info -> {
      String name = info.serialClass() == null ? "ref" : info.serialClass().getName();
      seen.add(name.replaceAll("/0x\\p{XDigit}+$", "") + "@" + info.depth());
      return ObjectInputFilter.Status.UNDECIDED;
    };
  }

  private static List<String> withoutReferences(List<String> seen) {
    return seen.stream().filter(s -> !s.startsWith("ref@")).toList();
  }

  private static List<String> seenByObjectInputStream(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    List<String> seen = new ArrayList<>();
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      in.setObjectInputFilter(recorder(seen));
      in.readObject();
    }
    return seen; // with back references to the type names in its class descriptions too
  }
}
