package dev.multitask.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Externalizable;
import java.io.ObjectInput;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: plain serializable objects on {@link Codec}'s tagged path, and the classes that keep to
 * JDK serialization.
 */
class PlainObjectCodecTest {

  static class Base implements Serializable {
    @Serial private static final long serialVersionUID = 2L;
    protected long id;
    protected String label;
  }

  static final class Point extends Base {
    @Serial private static final long serialVersionUID = 3L;
    static int constructed;
    private final int x;
    private final double y;
    boolean flag;
    byte b;
    char c;
    short s;
    float f;
    Integer boxed;
    Long boxedLong;
    Integer otherBoxed;

    @SuppressWarnings("serial")
    Object nothing;

    String text;
    Character letter;
    transient int skipped = 9;
    int initialized = 5;

    Point(int x, double y) {
      this.x = x;
      this.y = y;
      constructed++;
    }

    String describe() {
      return id
          + label
          + x
          + y
          + flag
          + b
          + c
          + s
          + f
          + boxed
          + boxedLong
          + otherBoxed
          + nothing
          + text
          + letter
          + skipped
          + initialized;
    }
  }

  private static Point samplePoint() {
    Point p = new Point(-7, 2.5);
    p.id = Long.MAX_VALUE;
    p.label = "base";
    p.flag = true;
    p.b = -3;
    p.c = 'é';
    p.s = Short.MIN_VALUE;
    p.f = 1.25f;
    p.boxed = 1000;
    p.boxedLong = -1L;
    p.otherBoxed = 12;
    p.text = "point";
    p.letter = 'z';
    p.initialized = 6;
    return p;
  }

  @Test
  void aPlainObject_takesTheTaggedPath_andComesBackAsJdkSerializationWouldMakeIt()
      throws Exception {
    Point p = samplePoint();
    byte[] bytes = Codec.encode(p);
    assertEquals(Codec.PLAIN, bytes[0], "tag");
    int before = Point.constructed;
    Point back = (Point) Codec.decode(bytes);
    assertEquals(
        before, Point.constructed, "no constructor of the class runs, as in deserialization");
    Point jdk = (Point) viaObjectStreams(p, null);
    assertEquals(
        jdk.describe(),
        back.describe(),
        "the fields JDK serialization restores, and the transient one left at 0");
    assertEquals(0, back.skipped);
    assertEquals(6, back.initialized);
    assertEquals(Long.MAX_VALUE, back.id);
    assertTrue(
        bytes.length < Codec.encode(new Object[] {p}).length, "smaller than the object stream");
  }

  @Test
  void aPlainObjectWithoutFields_comesBack() {
    assertInstanceOf(Empty.class, Codec.decode(roundTripBytes(new Empty(), Codec.PLAIN)));
  }

  static final class Empty implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  @SuppressWarnings("serial")
  static final class NoUid implements Serializable {
    int n = 1;
  }

  static final class ReadsItself implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    int n = 1;

    @Serial
    private void readObject(ObjectInputStream in)
        throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      n = 2;
    }
  }

  static final class Replaced implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Serial
    private Object writeReplace() {
      return "replaced";
    }
  }

  static final class Resolved implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Serial
    private Object readResolve() {
      return "resolved";
    }
  }

  static final class PersistentFields implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Serial
    private static final ObjectStreamField[] serialPersistentFields = {
      new ObjectStreamField("n", int.class)
    };

    int n = 4;
  }

  static class Unserializable {
    int base = 3;
  }

  static final class OnUnserializableBase extends Unserializable implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    int n = 1;
  }

  @SuppressWarnings("serial")
  static class BaseWithoutUid implements Serializable {
    int base = 1;
  }

  static final class OnBaseWithoutUid extends BaseWithoutUid {
    @Serial private static final long serialVersionUID = 1L;
  }

  @SuppressWarnings("serial")
  static final class HoldsAList implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    List<String> items;
  }

  static final class Finalized implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    @SuppressWarnings({"removal", "deprecation"})
    protected void finalize() {}
  }

  public static final class External implements Externalizable {
    @Serial private static final long serialVersionUID = 1L;

    public External() {}

    @Override
    public void writeExternal(ObjectOutput out) {}

    @Override
    public void readExternal(ObjectInput in) {}
  }

  @Test
  void classesThatCustomizeOrCannotBeCheckedCheaply_keepToJdkSerialization() {
    assertEquals(1, ((NoUid) Codec.decode(roundTripBytes(new NoUid(), Codec.JAVA))).n);
    assertEquals(
        2,
        ((ReadsItself) Codec.decode(roundTripBytes(new ReadsItself(), Codec.JAVA))).n,
        "its readObject ran");
    // written as what replaces it, as a stream writes it
    assertEquals("replaced", Codec.decode(roundTripBytes(new Replaced(), Codec.STRING)));
    assertEquals("resolved", Codec.decode(roundTripBytes(new Resolved(), Codec.JAVA)));
    assertEquals(
        4, ((PersistentFields) Codec.decode(roundTripBytes(new PersistentFields(), Codec.JAVA))).n);
    OnUnserializableBase onBase = new OnUnserializableBase();
    onBase.base = 8;
    assertEquals(
        3,
        ((OnUnserializableBase) Codec.decode(roundTripBytes(onBase, Codec.JAVA))).base,
        "the unserializable superclass's constructor ran, as deserialization does");
    roundTripBytes(new OnBaseWithoutUid(), Codec.JAVA);
    roundTripBytes(new External(), Codec.JAVA);
    roundTripBytes(
        new Finalized(),
        Codec.JAVA); // Object's constructor registers it: deserialization's way only
  }

  @Test
  void anObjectWhoseReferenceFieldHoldsMoreThanAScalar_keepsToJdkSerialization() {
    HoldsAList holder = new HoldsAList();
    assertNull(
        ((HoldsAList) Codec.decode(roundTripBytes(holder, Codec.PLAIN))).items, "null is a scalar");
    holder.items = new ArrayList<>(List.of("a"));
    assertEquals(
        List.of("a"), ((HoldsAList) Codec.decode(roundTripBytes(holder, Codec.JAVA))).items);
  }

  @Test
  void theFilterSeesTheClassesObjectInputStreamWould_andItsRefusalFailsTheDecode()
      throws Exception {
    Point p = samplePoint();
    byte[] bytes = Codec.encode(p);
    List<String> seen = new ArrayList<>();
    PlainObjectCodec.read(new BytesIn(bytes, 1, bytes.length - 1), recorder(seen));
    List<String> byObjectStreams = new ArrayList<>();
    viaObjectStreams(p, recorder(byObjectStreams));
    assertEquals(
        List.of(
            "Point@1",
            "Base@2",
            "Integer@2",
            "Number@3",
            "Long@2",
            "ref@3",
            "Character@2",
            "ref@2"),
        seen);
    // an ObjectInputStream also shows back references to the field type names in its class
    // descriptions
    assertEquals(
        withoutReferences(byObjectStreams),
        withoutReferences(seen),
        "the classes and depths an ObjectInputStream shows the filter");

    ObjectInputFilter refuseLongs = Filters.refusing(Long.class);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlainObjectCodec.read(new BytesIn(bytes, 1, bytes.length - 1), refuseLongs));
    assertTrue(e.getMessage().contains("rejects java.lang.Long"), e.getMessage());
  }

  static final class InitializedOnce implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    static {
      System.setProperty("multitask.test.plainInitialized", "yes");
    }
  }

  @Test
  void aRefusedClass_isNotInitialized() {
    BytesOut out =
        new BytesOut(64)
            .writeByte(Codec.PLAIN)
            .writeString(InitializedOnce.class.getName())
            .writeLong(0);
    byte[] bytes = out.toByteArray();
    ObjectInputFilter refuseAll = info -> ObjectInputFilter.Status.REJECTED;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlainObjectCodec.read(new BytesIn(bytes, 1, bytes.length - 1), refuseAll));
    assertTrue(
        e.getMessage().contains("rejects " + InitializedOnce.class.getName()), e.getMessage());
    assertNull(
        System.getProperty("multitask.test.plainInitialized"),
        "its static initializer did not run");
  }

  @Test
  void aClassThatDiffersFromTheSendersOrAForeignTag_failsCleanly() {
    byte[] bytes = Codec.encode(samplePoint());
    BytesIn header = new BytesIn(bytes, 1, bytes.length - 1);
    header.readString();
    bytes[header.position()] ^= 1; // the shape hash's first byte
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(bytes));
    assertTrue(
        e.getMessage().contains("differs between this JVM and the sender's"), e.getMessage());

    byte[] text = Codec.encode(samplePoint());
    int last = lastIndexOf(text, Codec.STRING);
    text[last] = Codec.JAVA;
    e = assertThrows(IllegalArgumentException.class, () -> Codec.decode(text));
    assertTrue(e.getMessage().contains("not a multitask encoding"), e.getMessage());
  }

  @Test
  void decodeFirst_appliesOnlyCodecsOwnFilter_whenTheLauncherVouchesForTheSecurityProperties() {
    Point back = (Point) Codec.decodeFirst(Codec.encode(samplePoint()), true);
    assertEquals(((Point) Codec.decode(Codec.encode(samplePoint()))).describe(), back.describe());
    assertEquals(5, Codec.decodeFirst(Codec.encode(5), true));
    // a class in a gadget package is refused before anything else is done with it
    byte[] gadget =
        new BytesOut(64)
            .writeByte(Codec.PLAIN)
            .writeString("javax.management.Attribute")
            .writeLong(0)
            .toByteArray();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decodeFirst(gadget, true));
    assertTrue(e.getMessage().contains("rejects javax.management.Attribute"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Codec.decodeFirst(gadget, false));
    assertTrue(e.getMessage().contains("rejects javax.management.Attribute"), e.getMessage());
  }

  private static List<String> withoutReferences(List<String> seen) {
    return seen.stream().filter(s -> !s.startsWith("ref@")).toList();
  }

  private static byte[] roundTripBytes(Object value, byte expectedTag) {
    byte[] bytes = Codec.encode(value);
    assertEquals(expectedTag, bytes[0], "tag of " + value.getClass().getSimpleName());
    return bytes;
  }

  private static ObjectInputFilter recorder(List<String> seen) {
    return info -> {
      seen.add(
          (info.serialClass() == null ? "ref" : info.serialClass().getSimpleName())
              + "@"
              + info.depth());
      return ObjectInputFilter.Status.UNDECIDED;
    };
  }

  private static Object viaObjectStreams(Object value, ObjectInputFilter filter) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      if (filter != null) {
        in.setObjectInputFilter(filter);
      }
      return in.readObject();
    }
  }

  private static int lastIndexOf(byte[] bytes, byte value) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == value) {
        return i;
      }
    }
    throw new AssertionError("no byte " + value);
  }
}
