package dev.multitask.codec;

import java.io.Externalizable;
import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tagged path for enum constants and serializable records of scalars: what a record holds
 * (nulls, boxed primitives, strings, enum constants, such records, values that {@link
 * TravelsAsRecord}) written component by component, without {@code ObjectOutputStream}'s stream
 * header and class descriptions. Multitask's shared objects travel this way: each writes a record
 * naming its memory ({@link Replacements}), which a receiving JVM resolves to its own instance.
 *
 * <pre>
 * ENUM:         utf declaringClassName, utf constantName
 * ENUM_AGAIN:   int index (of a class this value named before), utf constantName
 * RECORD:       utf className, long shapeHash (component names and types), components
 * RECORD_AGAIN: int index, components
 *   components: each in serialization's order (primitives first, each group by name): a
 *   primitive as its bytes, a reference as a tagged value (a scalar, an enum constant, a record)
 * </pre>
 *
 * <p>Reading one back is what {@code ObjectInputStream} does: the filter is shown the classes it
 * would have been shown, in its order ({@link StreamChecks}); a record is made by its canonical
 * constructor, so its own checks run, then its {@code readResolve}, if it declares one, and the
 * filter is asked about what that returns; an enum constant is found by name. A record class whose
 * components differ between the two JVMs is refused, where the stream would match components by
 * name.
 *
 * <p>A record takes this path when its class is serializable, not {@link Externalizable}, declares
 * no {@code writeReplace} and no {@code serialPersistentFields}, its package is open to multitask,
 * and no record in the value appears twice (the stream would keep the two references one object).
 */
final class RecordCodec {
  /** Records nested deeper than this take JDK serialization; a deeper encoding is refused. */
  static final int MAX_DEPTH = 32;

  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          Shape shape = shape(type);
          return shape != null ? shape : NONE;
        }
      };

  private static final Shape NONE = new Shape(Object.class, new Field[0], new int[0], 0);

  private RecordCodec() {}

  /** How one record class is written: its fields in serialization's order. */
  private static final class Shape {
    final Class<?> type;
    final Field[] fields;

    /** Per field in serialization's order: its component's position, the constructor's argument. */
    final int[] argument;

    final long hash;

    /** The canonical constructor and {@code readResolve}, found at the first read. */
    private volatile Reader reader;

    Shape(Class<?> type, Field[] fields, int[] argument, long hash) {
      this.type = type;
      this.fields = fields;
      this.argument = argument;
      this.hash = hash;
    }
  }

  /**
   * How a receiver makes a record: the maker its class registered, or else its constructor, spread,
   * and its readResolve or null.
   */
  private record Reader(RecordMaker<?> maker, MethodHandle constructor, MethodHandle readResolve) {}

  /** The makers records registered for their classes ({@link Codec#makeRecords}). */
  private static final ConcurrentHashMap<Class<?>, RecordMaker<?>> MAKERS =
      new ConcurrentHashMap<>();

  static void register(MethodHandles.Lookup lookup, RecordMaker<?> maker) {
    if (lookup == null || maker == null) {
      throw new IllegalArgumentException(
          "a record registers its maker with its own MethodHandles.lookup() and a maker; got lookup "
              + lookup
              + ", maker "
              + maker);
    }
    Class<?> type = lookup.lookupClass();
    if (!type.isRecord() || !lookup.hasFullPrivilegeAccess()) {
      throw new IllegalArgumentException(
          "a record maker is registered by the record itself, with its own MethodHandles.lookup(),"
              + " not by "
              + lookup);
    }
    MAKERS.put(type, maker);
  }

  /**
   * Whether {@code value} takes this path as a whole: an enum constant, or a record this path takes
   * holding only what this path takes.
   */
  static boolean takes(Object value) {
    return value instanceof Enum<?> || new Walk().takes(value);
  }

  /**
   * Whether a value held by a lambda or record takes this path by its class alone, before any
   * {@code writeReplace} is called: a scalar, an enum constant, or a record of a class this path
   * takes.
   */
  static boolean takesByClass(Object value) {
    return LambdaCodec.identityFree(value)
        || value instanceof Enum<?>
        || value instanceof TravelsAsRecord
        || SHAPES.get(value.getClass()) != NONE;
  }

  /**
   * One value's check, over all it holds (a lambda's captured values, an array's elements): each is
   * a scalar, an enum constant or a record this path takes, records nested at most {@link
   * #MAX_DEPTH} deep, and no record twice (the stream would keep the two references one object, so
   * such a value keeps to it).
   */
  static final class Walk {
    /** The records seen so far, by identity; made at the first. */
    private java.util.IdentityHashMap<Object, Boolean> seen;

    /** How many records the map is sized for when made, so that it is not regrown as it fills. */
    private final int expected;

    /** A walk over a value holding a few records (a lambda's captured values). */
    Walk() {
      this(4);
    }

    /** A walk over a value holding about {@code expected} records (an array's elements). */
    Walk(int expected) {
      this.expected = expected;
    }

    /** Whether {@code value} and all it holds take this path, none of its records seen before. */
    boolean takes(Object value) {
      return takes(value, 0);
    }

    private boolean takes(Object value, int depth) {
      if (LambdaCodec.identityFree(value) || value instanceof Enum<?>) {
        return true;
      }
      if (value instanceof TravelsAsRecord) { // a fresh record each time: never seen before
        Object record = Replacements.replace(value);
        return record != value && Replacements.isFinal(record) && takes(record, depth);
      }
      Shape shape = SHAPES.get(value.getClass());
      if (shape == NONE || depth >= MAX_DEPTH) {
        return false;
      }
      if (seen == null) {
        seen = new java.util.IdentityHashMap<>(expected);
      }
      if (seen.put(value, Boolean.TRUE) != null) {
        return false;
      }
      try {
        for (Field f : shape.fields) {
          if (!f.getType().isPrimitive() && !takes(f.get(value), depth + 1)) {
            return false;
          }
        }
      } catch (IllegalAccessException e) {
        return false;
      }
      return true;
    }
  }

  /**
   * The classes of records and enum constants one value has written, in the order written: a class
   * is named once, then referred to by its index ({@link Codec#RECORD_AGAIN}, {@link
   * Codec#ENUM_AGAIN}), as a stream refers back to a class description.
   */
  static final class Names {
    private Class<?>[] written = new Class<?>[4];
    private int count;

    /** The index of {@code type} if it was written before, else -1 (and it is from now on). */
    int indexOrAdd(Class<?> type) {
      for (int i = 0; i < count; i++) {
        if (written[i] == type) {
          return i;
        }
      }
      if (count == written.length) {
        written = Arrays.copyOf(written, count * 2);
      }
      written[count++] = type;
      return -1;
    }
  }

  /** Writes {@code value}, which a {@link Walk} accepted, with its tag. */
  static void writeMember(Object value, BytesOut out, Names names) {
    if (value instanceof Enum<?> e) {
      Class<?> type = e.getDeclaringClass();
      int index = names.indexOrAdd(type);
      if (index < 0) {
        out.writeByte(Codec.ENUM).writeString(type.getName());
      } else {
        out.writeByte(Codec.ENUM_AGAIN).writeInt(index);
      }
      out.writeString(e.name());
    } else if (LambdaCodec.identityFree(value)) {
      Codec.encode(value, out);
    } else if (value instanceof TravelsAsRecord) {
      writeMember(Replacements.replace(value), out, names);
    } else {
      Shape shape = SHAPES.get(value.getClass());
      int index = names.indexOrAdd(shape.type);
      if (index < 0) {
        out.writeByte(Codec.RECORD).writeString(shape.type.getName()).writeLong(shape.hash);
      } else {
        out.writeByte(Codec.RECORD_AGAIN).writeInt(index);
      }
      try {
        for (Field f : shape.fields) {
          Class<?> t = f.getType();
          if (t == int.class) {
            out.writeInt(f.getInt(value));
          } else if (t == long.class) {
            out.writeLong(f.getLong(value));
          } else if (t == double.class) {
            out.writeLong(Double.doubleToRawLongBits(f.getDouble(value)));
          } else if (t == boolean.class) {
            out.writeByte(f.getBoolean(value) ? 1 : 0);
          } else if (t == float.class) {
            out.writeInt(Float.floatToRawIntBits(f.getFloat(value)));
          } else if (t == byte.class) {
            out.writeByte(f.getByte(value));
          } else if (t == short.class) {
            out.writeShort(f.getShort(value));
          } else if (t == char.class) {
            out.writeShort(f.getChar(value));
          } else {
            writeMember(f.get(value), out, names);
          }
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(
            "a component of " + shape.type.getName() + " that was accessible is not: " + e, e);
      }
    }
  }

  /**
   * Reads a value a lambda or record holds: a scalar, or an enum constant or record with its tag,
   * at {@code depth} as the stream counts it.
   *
   * @throws IllegalArgumentException if the bytes hold anything else, or as {@link #read}
   */
  static Object readMember(BytesIn in, StreamChecks checks, long depth) {
    int tag = in.peekByte();
    if (tag <= Codec.STRING) {
      Object value = Codec.decode(in);
      checks.describeValue(value, depth);
      return value;
    }
    if (tag != Codec.ENUM
        && tag != Codec.RECORD
        && tag != Codec.ENUM_AGAIN
        && tag != Codec.RECORD_AGAIN) {
      throw new IllegalArgumentException("not a multitask encoding: a held value has tag " + tag);
    }
    in.readByte();
    return read(tag, in, checks, depth);
  }

  /**
   * Reads an enum constant or a record after its tag ({@link Codec#ENUM}, {@link Codec#RECORD} or,
   * for a class this value named before, {@link Codec#ENUM_AGAIN} or {@link Codec#RECORD_AGAIN}).
   *
   * @throws IllegalArgumentException if the bytes are not one, its class cannot be loaded, differs
   *     from the sender's, or the filter refuses a class, or its constructor or {@code readResolve}
   *     fails
   */
  static Object read(int tag, BytesIn in, StreamChecks checks, long depth) {
    boolean again = tag == Codec.ENUM_AGAIN || tag == Codec.RECORD_AGAIN;
    Class<?> type;
    String name;
    if (again) {
      type = checks.named(in.readInt());
      name = type.getName();
    } else {
      name = in.readString();
      type = Codec.resolve(name); // not initialized before the filter has seen it
    }
    if (tag == Codec.ENUM || tag == Codec.ENUM_AGAIN) {
      String constant = in.readString();
      if (checks.describe(type, depth)) {
        checks.describe(Enum.class, depth + 1);
      }
      if (!again) {
        checks.name(type);
      }
      return constant(type, constant);
    }
    if (depth > MAX_DEPTH + 3) { // the deepest a lambda's or record's writer nests records
      throw new IllegalArgumentException(
          "not a multitask encoding: records nested deeper than " + MAX_DEPTH);
    }
    long hash = again ? 0 : in.readLong();
    checks.describe(type, depth);
    Shape shape = SHAPES.get(type);
    if (!again) {
      if (shape == NONE || shape.hash != hash) {
        throw Codec.differsFromSender("record", name, "its components, or how it serializes");
      }
      checks.name(type);
    } else if (shape == NONE) {
      throw new IllegalArgumentException(
          "not a multitask encoding: " + name + " named as a record's class");
    }
    Object[] args = new Object[shape.fields.length];
    for (int i = 0; i < shape.fields.length; i++) {
      Class<?> t = shape.fields[i].getType();
      args[shape.argument[i]] =
          t == int.class
              ? (Object) in.readInt()
              : t == long.class
                  ? (Object) in.readLong()
                  : t == double.class
                      ? (Object) Double.longBitsToDouble(in.readLong())
                      : t == boolean.class
                          ? (Object) (in.readByte() != 0)
                          : t == float.class
                              ? (Object) Float.intBitsToFloat(in.readInt())
                              : t == byte.class
                                  ? (Object) (byte) in.readByte()
                                  : t == short.class
                                      ? (Object) (short) in.readShort()
                                      : t == char.class
                                          ? (Object) (char) in.readShort()
                                          : readMember(in, checks, depth + 1);
    }
    return make(shape, args, checks, depth);
  }

  private static Object constant(Class<?> type, String constant) {
    if (!type.isEnum()) {
      throw new IllegalArgumentException(
          "cannot decode a value: " + type.getName() + " is not an enum in this JVM");
    }
    for (Object e : type.getEnumConstants()) {
      if (((Enum<?>) e).name().equals(constant)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "cannot decode a value: enum "
            + type.getName()
            + " has no constant "
            + constant
            + " in this JVM; run both with the same class path");
  }

  /** The record from its components, then what its {@code readResolve} makes of it. */
  private static Object make(Shape shape, Object[] args, StreamChecks checks, long depth) {
    Reader reader = reader(shape);
    Object resolved;
    Object made;
    if (reader.maker() != null) {
      Object[] both = makeWith(reader.maker(), args, shape);
      made = both[0];
      resolved = both[1];
    } else {
      try {
        made = (Object) reader.constructor().invokeExact(args);
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        throw refused(shape, e);
      }
      if (reader.readResolve() == null) {
        return made;
      }
      try {
        resolved = (Object) reader.readResolve().invokeExact(made);
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalArgumentException("cannot decode a value: " + e, e);
      }
    }
    if (resolved != made && resolved != null) { // as the stream asks about a replacement
      Class<?> type = resolved.getClass();
      checks.check(type, type.isArray() ? java.lang.reflect.Array.getLength(resolved) : -1, depth);
    }
    return resolved;
  }

  /** The record {@code maker} makes of {@code args}, and what it resolves to. */
  private static <R extends Record> Object[] makeWith(
      RecordMaker<R> maker, Object[] args, Shape shape) {
    R made;
    try {
      made = maker.make(args);
    } catch (RuntimeException e) { // the record's own checks, or a value of another type
      throw refused(shape, e);
    }
    try {
      return new Object[] {made, maker.resolve(made)};
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot decode a value: " + e, e);
    }
  }

  private static IllegalArgumentException refused(Shape shape, Throwable e) {
    return new IllegalArgumentException(
        "cannot decode a value: record " + shape.type.getName() + " refused its components: " + e,
        e);
  }

  private static Reader reader(Shape shape) {
    Reader reader = shape.reader;
    if (reader == null) {
      Class<?> type = shape.type;
      try {
        // initialized, as the constructor's call would: a record registers its maker then
        Class.forName(type.getName(), true, type.getClassLoader());
        RecordMaker<?> maker = MAKERS.get(type);
        if (maker != null) {
          reader = new Reader(maker, null, null);
          shape.reader = reader;
          return reader;
        }
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < types.length; i++) {
          types[i] = components[i].getType();
        }
        MethodHandle constructor =
            lookup
                .findConstructor(type, MethodType.methodType(void.class, types))
                .asSpreader(Object[].class, types.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
        MethodHandle readResolve;
        try {
          readResolve =
              lookup
                  .findVirtual(type, "readResolve", MethodType.methodType(Object.class))
                  .asType(MethodType.methodType(Object.class, Object.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
          readResolve = null; // none, or a static one, which serialization does not call either
        }
        reader = new Reader(null, constructor, readResolve);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot decode a value: record " + type.getName() + " cannot be made here: " + e, e);
      }
      shape.reader = reader;
    }
    return reader;
  }

  /** The shape of record class {@code type}, or null when this path does not take it. */
  private static Shape shape(Class<?> type) {
    if (!type.isRecord()
        || !Serializable.class.isAssignableFrom(type)
        || Externalizable.class.isAssignableFrom(type)
        || !type.getModule().isOpen(type.getPackageName(), RecordCodec.class.getModule())) {
      return null;
    }
    try {
      if (declaresWriteReplace(type) || declares(type, "serialPersistentFields")) {
        return null;
      }
      RecordComponent[] components = type.getRecordComponents();
      Field[] fields = new Field[components.length];
      for (int i = 0; i < components.length; i++) {
        fields[i] = type.getDeclaredField(components[i].getName());
        if (!fields[i].trySetAccessible()) {
          return null;
        }
      }
      List<Field> ordered = Arrays.asList(fields.clone());
      ordered.sort(PlainObjectCodec.SERIAL_ORDER);
      int[] argument = new int[fields.length];
      StringBuilder description = new StringBuilder(type.getName()).append(';');
      for (int i = 0; i < argument.length; i++) {
        Field f = ordered.get(i);
        argument[i] = Arrays.asList(fields).indexOf(f);
        description.append(f.getName()).append(':').append(f.getType().getName()).append(';');
      }
      return new Shape(
          type, ordered.toArray(new Field[0]), argument, PlainObjectCodec.fnv64(description));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // a record whose members do not resolve here is JDK serialization's to report on
    }
  }

  /**
   * Whether record {@code type} declares a {@code writeReplace} serialization would call (its
   * superclass {@code Record} has none to inherit): read from its own methods, not through {@link
   * Replacements}, whose method handles would cost a receiving worker milliseconds to set up.
   */
  private static boolean declaresWriteReplace(Class<?> type) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals("writeReplace")
          && m.getParameterCount() == 0
          && m.getReturnType() == Object.class
          && !Modifier.isStatic(m.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  private static boolean declares(Class<?> type, String field) {
    try {
      type.getDeclaredField(field);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
