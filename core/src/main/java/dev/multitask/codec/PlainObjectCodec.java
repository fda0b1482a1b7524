package dev.multitask.codec;

import java.io.Externalizable;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tagged path for plain serializable objects: an instance of a class that serializes by
 * default, whose fields hold only primitives, nulls, boxed primitives and strings, written field by
 * field without {@code ObjectOutputStream}'s stream header and class descriptions.
 *
 * <p>Which classes (decided once per class, on each side, by {@link #shape}):
 *
 * <ul>
 *   <li>serializable, and not a record, enum, array, proxy, hidden class or {@link Externalizable};
 *   <li>every superclass up to {@code Object} serializable too (no other constructor for
 *       deserialization to run), and each class of the chain declares its own {@code
 *       serialVersionUID}, so the receiver can compare it without computing one;
 *   <li>no class of the chain declares {@code writeObject}, {@code readObject}, {@code
 *       readObjectNoData}, {@code writeReplace}, {@code readResolve} or {@code
 *       serialPersistentFields}: there is nothing custom to honour;
 *   <li>their packages are open to multitask, whose reflection reads and sets the fields.
 * </ul>
 *
 * Any other object, or one whose reference fields hold anything but nulls, boxes and strings at the
 * time, takes JDK serialization.
 *
 * <pre>
 * utf className, long shapeHash (class names, serialVersionUIDs, field names and types),
 * then each serializable field in serialization's order (the topmost class first; in a class,
 * primitives first, each group by name): a primitive as its bytes, a reference as a tagged value
 * </pre>
 *
 * <p>Reading one back is what {@code ObjectInputStream} does for such an object: the filter decides
 * on the classes it would have been shown, in its order; the object is allocated as deserialization
 * allocates it ({@code Object}'s constructor, none of the class's own, so field initializers do not
 * run; a class with a finalizer keeps to JDK serialization); its fields are set from the stream. A
 * class whose shape differs between the two JVMs is refused, where {@code ObjectInputStream} would
 * compare the serialVersionUIDs and reconcile the fields.
 */
final class PlainObjectCodec {
  /** Shapes of classes this path takes; {@link #NONE} for the others. */
  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          Shape shape = shape(type);
          return shape != null ? shape : NONE;
        }
      };

  private static final Shape NONE =
      new Shape(Object.class, List.of(), new Field[0], new char[0], 0);

  /**
   * Serialization's hooks, and {@code finalize}, which {@code Object}'s constructor would register.
   */
  private static final List<String> CUSTOM_METHODS =
      List.of(
          "writeObject",
          "readObject",
          "readObjectNoData",
          "writeReplace",
          "readResolve",
          "finalize");

  /**
   * Serialization's field order. A class, not a lambda: a fresh worker would pay for linking one.
   */
  static final Comparator<Field> SERIAL_ORDER = new SerialOrder();

  private PlainObjectCodec() {}

  /** How one class is written: its serializable chain, its fields in order, and their kinds. */
  static final class Shape {
    final Class<?> type;

    /** The serializable classes from the topmost down to {@link #type}. */
    final List<Class<?>> chain;

    final Field[] fields;

    /** Per field: its type's descriptor letter ({@code 'L'} for any reference). */
    final char[] kinds;

    final long hash;

    Shape(Class<?> type, List<Class<?>> chain, Field[] fields, char[] kinds, long hash) {
      this.type = type;
      this.chain = chain;
      this.fields = fields;
      this.kinds = kinds;
      this.hash = hash;
    }
  }

  /**
   * Allocation as deserialization does it for these classes: the instance, with no constructor of
   * the class run ({@code Object}'s, which deserialization runs, does nothing for a class without a
   * finalizer). {@code sun.misc.Unsafe.allocateInstance} (not one of its deprecated memory-access
   * methods) through a method handle, as the compiler would warn about naming it: in a fresh JVM,
   * setting this up takes ~4 ms, where the JDK's serialization constructor takes ~8 ms to spin up
   * and a reflective call of this method ~20 ms.
   */
  private static final class Allocator {
    static final MethodHandle ALLOCATE;

    static {
      MethodHandle allocate = null;
      try {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field instance = type.getDeclaredField("theUnsafe");
        instance.setAccessible(true);
        allocate =
            MethodHandles.publicLookup()
                .findVirtual(
                    type, "allocateInstance", MethodType.methodType(Object.class, Class.class))
                .bindTo(instance.get(null));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // no jdk.unsupported in this image: every class keeps to JDK serialization
      }
      ALLOCATE = allocate;
    }

    static boolean available() {
      return ALLOCATE != null;
    }

    static Object allocate(Class<?> type) {
      try {
        return (Object) ALLOCATE.invokeExact(type);
      } catch (Error e) {
        throw e; // the class's initialization failed, say: as from JDK deserialization
      } catch (Throwable e) {
        throw new IllegalArgumentException(
            "cannot decode a value: allocating " + type.getName() + " failed: " + e, e);
      }
    }
  }

  /**
   * The shape of {@code value}'s class if this path takes {@code value}: a plain class, and every
   * reference field holding a null, a box or a string; else null.
   */
  static Shape takes(Object value) {
    Shape shape = SHAPES.get(value.getClass());
    if (shape == NONE) {
      return null;
    }
    try {
      for (int i = 0; i < shape.fields.length; i++) {
        if (shape.kinds[i] == 'L' && !LambdaCodec.identityFree(shape.fields[i].get(value))) {
          return null;
        }
      }
    } catch (IllegalAccessException e) {
      return null;
    }
    return shape;
  }

  /**
   * Prepares reading objects of {@code type} ahead of the first one: works out its shape. For a
   * warm worker, with classes it expects. Does nothing more for a class this path does not take.
   *
   * @param type any class
   */
  static void prepare(Class<?> type) {
    SHAPES.get(type);
  }

  /** Writes {@code value}, whose shape {@link #takes} returned, after its tag. */
  static void write(Shape shape, Object value, BytesOut out) {
    out.writeString(shape.type.getName()).writeLong(shape.hash);
    try {
      for (int i = 0; i < shape.fields.length; i++) {
        Field f = shape.fields[i];
        switch (shape.kinds[i]) {
          case 'Z' -> out.writeByte(f.getBoolean(value) ? 1 : 0);
          case 'B' -> out.writeByte(f.getByte(value));
          case 'C' -> out.writeShort(f.getChar(value));
          case 'S' -> out.writeShort(f.getShort(value));
          case 'I' -> out.writeInt(f.getInt(value));
          case 'F' -> out.writeInt(Float.floatToRawIntBits(f.getFloat(value)));
          case 'J' -> out.writeLong(f.getLong(value));
          case 'D' -> out.writeLong(Double.doubleToRawLongBits(f.getDouble(value)));
          default -> Codec.encode(f.get(value), out);
        }
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "a field of " + shape.type.getName() + " that was accessible is not: " + e, e);
    }
  }

  /**
   * Reads an object after its tag, under {@code filter} (null: none).
   *
   * @throws IllegalArgumentException if the bytes are not such an object's, its class cannot be
   *     loaded or differs from the sender's, or the filter refuses a class
   */
  static Object read(BytesIn in, ObjectInputFilter filter) {
    int start = in.position();
    String name = in.readString();
    long hash = in.readLong();
    Class<?> type = Codec.resolve(name);
    // the classes ObjectInputStream would have shown the filter, in its order: the class and its
    // serializable superclasses, before any of them is initialized (the shape's serialVersionUID
    // read initializes the class, as ObjectStreamClass.lookup does); then the class of each boxed
    // value (a back reference, with no class, for a class seen before)
    StreamChecks checks = new StreamChecks(filter, in, start);
    int depth = 1;
    for (Class<?> k = type;
        k != null && Serializable.class.isAssignableFrom(k);
        k = k.getSuperclass()) {
      checks.describe(k, depth++);
    }
    Shape shape = SHAPES.get(type);
    if (shape == NONE || shape.hash != hash) {
      throw Codec.differsFromSender(
          "class", name, "its serialVersionUIDs, fields or serialization methods");
    }
    Object made = Allocator.allocate(type);
    try {
      for (int i = 0; i < shape.fields.length; i++) {
        Field f = shape.fields[i];
        switch (shape.kinds[i]) {
          case 'Z' -> f.setBoolean(made, in.readByte() != 0);
          case 'B' -> f.setByte(made, (byte) in.readByte());
          case 'C' -> f.setChar(made, (char) in.readShort());
          case 'S' -> f.setShort(made, (short) in.readShort());
          case 'I' -> f.setInt(made, in.readInt());
          case 'F' -> f.setFloat(made, Float.intBitsToFloat(in.readInt()));
          case 'J' -> f.setLong(made, in.readLong());
          case 'D' -> f.setDouble(made, Double.longBitsToDouble(in.readLong()));
          default -> {
            if (in.peekByte()
                > Codec.STRING) { // as written: only values without an identity, each by its tag
              throw new IllegalArgumentException(
                  "not a multitask encoding: a field of " + name + " has tag " + in.peekByte());
            }
            Object value = Codec.decode(in);
            checks.describeValue(value, 2);
            f.set(made, value);
          }
        }
      }
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(
          "cannot decode a value: a field of " + name + " is not accessible: " + e, e);
    }
    return made;
  }

  /** The shape of {@code type}, or null when this path does not take it. */
  private static Shape shape(Class<?> type) {
    if (!Allocator.available()
        || !Serializable.class.isAssignableFrom(type)
        || Externalizable.class.isAssignableFrom(type)
        || type.isRecord()
        || type.isEnum()
        || type.isArray()
        || type.isHidden()
        || Proxy.isProxyClass(type)
        || type.isInterface()
        || Modifier.isAbstract(type.getModifiers())) {
      return null;
    }
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> k = type; k != Object.class; k = k.getSuperclass()) {
      if (!Serializable.class.isAssignableFrom(k) || k.isEnum() || !openToUs(k)) {
        return null;
      }
      chain.add(0, k);
    }
    List<Field> fields = new ArrayList<>();
    StringBuilder description = new StringBuilder();
    try {
      for (Class<?> k : chain) {
        Long uid = declaredSerialVersionUid(k);
        if (uid == null || customizesSerialization(k)) {
          return null;
        }
        description.append(k.getName()).append(':').append(uid.longValue()).append(';');
        List<Field> own = new ArrayList<>();
        for (Field f : k.getDeclaredFields()) {
          int m = f.getModifiers();
          if (!Modifier.isStatic(m) && !Modifier.isTransient(m)) {
            if (!f.trySetAccessible()) {
              return null;
            }
            own.add(f);
          }
        }
        own.sort(SERIAL_ORDER);
        for (Field f : own) {
          description.append(f.getName()).append(':').append(kind(f.getType())).append(';');
        }
        fields.addAll(own);
      }
    } catch (RuntimeException | LinkageError e) {
      return null; // a class whose members do not resolve here is JDK serialization's to report on
    }
    char[] kinds = new char[fields.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = kind(fields.get(i).getType());
    }
    return new Shape(
        type, List.copyOf(chain), fields.toArray(new Field[0]), kinds, fnv64(description));
  }

  /** Primitives before references, then by name, as {@code ObjectStreamClass} orders fields. */
  private static final class SerialOrder implements Comparator<Field> {
    @Override
    public int compare(Field a, Field b) {
      boolean ap = a.getType().isPrimitive();
      return ap != b.getType().isPrimitive() ? (ap ? -1 : 1) : a.getName().compareTo(b.getName());
    }
  }

  private static boolean openToUs(Class<?> type) {
    return type.getModule().isOpen(type.getPackageName(), PlainObjectCodec.class.getModule());
  }

  /** The class's own {@code static final long serialVersionUID}, or null when it declares none. */
  private static Long declaredSerialVersionUid(Class<?> type) {
    try {
      Field f = type.getDeclaredField("serialVersionUID");
      int m = f.getModifiers();
      if (f.getType() != long.class
          || !Modifier.isStatic(m)
          || !Modifier.isFinal(m)
          || !f.trySetAccessible()) {
        return null;
      }
      return f.getLong(null);
    } catch (NoSuchFieldException | IllegalAccessException e) {
      return null;
    }
  }

  /** Whether {@code type} declares any of serialization's hooks (in any form) or a finalizer. */
  private static boolean customizesSerialization(Class<?> type) {
    for (Method m : type.getDeclaredMethods()) {
      if (CUSTOM_METHODS.contains(m.getName())) {
        Class<?>[] params = m.getParameterTypes();
        if (params.length == 0
            || params.length == 1
                && (params[0] == ObjectInputStream.class
                    || params[0] == ObjectOutputStream.class)) {
          return true;
        }
      }
    }
    try {
      type.getDeclaredField("serialPersistentFields");
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private static char kind(Class<?> type) {
    if (!type.isPrimitive()) {
      return 'L';
    }
    return type == int.class
        ? 'I'
        : type == long.class
            ? 'J'
            : type == boolean.class
                ? 'Z'
                : type == double.class
                    ? 'D'
                    : type == float.class
                        ? 'F'
                        : type == byte.class ? 'B' : type == char.class ? 'C' : 'S';
  }

  static long fnv64(CharSequence text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
