package dev.multitask.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.SerializedLambda;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Turns values into bytes for another JVM and back.
 *
 * <p>Common values take a tagged fast path (one tag byte, then the value: no stream headers, no
 * class descriptors): null, booleans, the boxed numbers, characters, strings, byte, int, long and
 * double arrays, and {@code Object[]} arrays of those (a pool's map chunks and results);
 * serializable lambdas that capture only such scalars, enum constants and records ({@link
 * LambdaCodec}); objects of plain serializable classes whose fields hold only such scalars ({@link
 * PlainObjectCodec}); enum constants and serializable records of scalars, enums and such records
 * ({@link RecordCodec}). A value that serialization would replace ({@code writeReplace}) is
 * replaced first, once, and its replacement takes whichever path fits it ({@link Replacements}):
 * multitask's shared objects travel as records naming their memory. Everything else goes through
 * JDK serialization, read back under an {@link ObjectInputFilter} that refuses well-known gadget
 * classes (merged with any JVM-wide filter). Encoding happens in the caller, so an unserializable
 * value fails there, with the path to the offending field (see {@link SerializabilityProbe}).
 *
 * <p>Thread-safe: all state is per call.
 */
public final class Codec {
  static final byte NULL = 0,
      FALSE = 1,
      TRUE = 2,
      BYTE = 3,
      SHORT = 4,
      CHAR = 5,
      INT = 6,
      LONG = 7,
      FLOAT = 8,
      DOUBLE = 9,
      STRING = 10,
      BYTES = 11,
      INTS = 12,
      LONGS = 13,
      DOUBLES = 14,
      OBJECTS = 15,
      JAVA = 20,
      LAMBDA = 21,
      PLAIN = 22,
      RECORD = 23,
      ENUM = 24,
      MEMBERS = 25,
      RECORD_AGAIN = 26,
      ENUM_AGAIN = 27;

  /**
   * An {@code Object[]} whose elements are all {@code Integer}s (or {@code Long}s, {@code
   * Double}s): packed, 4 or 8 bytes each.
   */
  static final byte BOXED_INTS = 16, BOXED_LONGS = 17, BOXED_DOUBLES = 18;

  private static final List<String> DENIED_PREFIXES =
      List.of(
          "org.apache.commons.collections.functors.",
          "org.apache.commons.collections4.functors.",
          "org.codehaus.groovy.runtime.",
          "com.sun.org.apache.xalan.internal.xsltc.trax.",
          "org.springframework.beans.factory.",
          "com.sun.rowset.",
          "javax.management.",
          "java.rmi.server.",
          "sun.rmi.",
          "com.sun.jndi.",
          "org.apache.xalan.xsltc.trax.");

  private static final ObjectInputFilter GADGET_FILTER =
      info -> {
        Class<?> type = info.serialClass();
        if (type != null) {
          String name = type.getName();
          for (String prefix : DENIED_PREFIXES) {
            if (name.startsWith(prefix)) {
              return ObjectInputFilter.Status.REJECTED;
            }
          }
        }
        return ObjectInputFilter.Status.UNDECIDED;
      };

  private static final String FILTER_PROPERTY = "jdk.serialFilter";
  private static final String FACTORY_PROPERTY = "jdk.serialFilterFactory";
  private static final String SECURITY_OVERRIDE_PROPERTY = "java.security.properties";

  private Codec() {}

  /**
   * Encodes {@code value}.
   *
   * @param value any value; non-common values must be serializable
   * @return the bytes
   * @throws IllegalArgumentException if the value cannot be serialized, naming the field path
   */
  public static byte[] encode(Object value) {
    // the commonest queue elements in one exact allocation, without a buffer to copy from
    if (value instanceof Integer i) {
      int v = i;
      return new byte[] {INT, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
    if (value instanceof Long l) {
      long v = l;
      return new byte[] {
        LONG,
        (byte) (v >>> 56),
        (byte) (v >>> 48),
        (byte) (v >>> 40),
        (byte) (v >>> 32),
        (byte) (v >>> 24),
        (byte) (v >>> 16),
        (byte) (v >>> 8),
        (byte) v
      };
    }
    return encode(value, 64);
  }

  /**
   * Encodes {@code value} into a buffer of about {@code sizeHint} bytes to start with, saving the
   * buffer's regrowth (and its garbage) when the caller knows roughly how large the value is.
   *
   * @param value any value; non-common values must be serializable
   * @param sizeHint the expected size in bytes
   * @return the bytes
   * @throws IllegalArgumentException if the value cannot be serialized, naming the field path
   */
  public static byte[] encode(Object value, int sizeHint) {
    BytesOut out = new BytesOut(Math.max(16, sizeHint));
    encode(value, out);
    return out.toByteArray();
  }

  /**
   * Appends the encoding of {@code value} to {@code out}.
   *
   * @param value the value
   * @param out where to write
   * @throws IllegalArgumentException if the value cannot be serialized, naming the field path
   */
  public static void encode(Object value, BytesOut out) {
    // an if-chain, not a pattern switch: a type switch bootstraps an invokedynamic call site,
    // milliseconds in every fresh worker JVM
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Integer i) {
      out.writeByte(INT).writeInt(i);
    } else if (value instanceof Long l) {
      out.writeByte(LONG).writeLong(l);
    } else if (value instanceof String s) {
      out.writeByte(STRING).writeString(s);
    } else if (value instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE).writeLong(Double.doubleToRawLongBits(d));
    } else if (value instanceof Float f) {
      out.writeByte(FLOAT).writeInt(Float.floatToRawIntBits(f));
    } else if (value instanceof Byte b) {
      out.writeByte(BYTE).writeByte(b);
    } else if (value instanceof Short s) {
      out.writeByte(SHORT).writeShort(s);
    } else if (value instanceof Character c) {
      out.writeByte(CHAR).writeShort(c);
    } else if (value instanceof byte[] b) {
      out.writeByte(BYTES).writeBytes(b);
    } else if (value instanceof int[] a) {
      out.writeByte(INTS).writeInt(a.length);
      for (int v : a) {
        out.writeInt(v);
      }
    } else if (value instanceof long[] a) {
      out.writeByte(LONGS).writeInt(a.length);
      for (long v : a) {
        out.writeLong(v);
      }
    } else if (value instanceof double[] a) {
      out.writeByte(DOUBLES).writeInt(a.length);
      for (double v : a) {
        out.writeLong(Double.doubleToRawLongBits(v));
      }
    } else if (value instanceof Object[] a && a.getClass() == Object[].class) {
      ArrayCodec.encode(a, a.length, out);
    } else {
      encodeObject(value, out);
    }
  }

  /**
   * Appends an object that is not a scalar or an array of scalars: a tagged path's if one takes it,
   * else JDK serialization's. A value that serialization would replace ({@code writeReplace}) is
   * replaced here, once, and what replaces it is written.
   */
  private static void encodeObject(Object value, BytesOut out) {
    LambdaCodec.Prepared lambda = value.getClass().isHidden() ? LambdaCodec.prepare(value) : null;
    PlainObjectCodec.Shape plain;
    if (lambda != null) {
      if (lambda.tagged()) {
        LambdaCodec.write(lambda.form(), out.writeByte(LAMBDA));
      } else {
        writeUntagged(lambda, value, out);
      }
    } else if ((plain = PlainObjectCodec.takes(value)) != null) {
      PlainObjectCodec.write(plain, value, out.writeByte(PLAIN));
    } else if (Replacements.has(value.getClass())) { // before records: replaced once, not twice
      Object replaced = Replacements.replace(value);
      if (Replacements.isFinal(replaced)) {
        try {
          encode(replaced, out);
        } catch (IllegalArgumentException e) {
          // the path to the offending field from the value the caller knows, not its replacement
          if (e.getCause() instanceof ObjectStreamException cause
              && (cause instanceof NotSerializableException
                  || cause instanceof InvalidClassException)) {
            throw new IllegalArgumentException(SerializabilityProbe.explain(value, cause), cause);
          }
          throw e;
        }
      } else { // replaced by an object of its own class: the stream's own loop, run again
        out.writeByte(JAVA);
        serialize(value, out);
      }
    } else if (RecordCodec.takes(value)) {
      RecordCodec.writeMember(value, out, new RecordCodec.Names());
    } else {
      out.writeByte(JAVA);
      serialize(value, out);
    }
  }

  /**
   * Registers how records of the class {@code lookup} belongs to are made ({@link RecordMaker}):
   * called from that record's static initializer with its own {@code MethodHandles.lookup()}, so
   * that only a record's own code decides how it is made.
   *
   * @param lookup the record's own lookup, with full privilege access
   * @param maker makes its records
   * @param <R> the record class
   * @throws IllegalArgumentException if {@code lookup} is not a record's full-privilege lookup, or
   *     either is null
   */
  public static <R extends Record> void makeRecords(
      MethodHandles.Lookup lookup, RecordMaker<R> maker) {
    RecordCodec.register(lookup, maker);
  }

  /**
   * Writes lambda {@code value}, {@code prepared} for the tagged path that did not take it, by JDK
   * serialization: its form with its captured values replaced, if they were (the stream writes the
   * same, and must not replace them again), else the lambda itself.
   */
  private static void writeUntagged(LambdaCodec.Prepared prepared, Object value, BytesOut out) {
    out.writeByte(JAVA);
    serialize(prepared.replaced() ? prepared.form() : value, out);
  }

  /** {@link #encode(Object)}'s bytes for lambda {@code value} that the tagged path did not take. */
  static byte[] encodeUntagged(LambdaCodec.Prepared prepared, Object value) {
    BytesOut out = new BytesOut(256);
    writeUntagged(prepared, value, out);
    return out.toByteArray();
  }

  /**
   * The serialized form of a serializable lambda, what serialization writes for it; null for any
   * other value, or for a lambda whose class does not open its package to multitask.
   *
   * @param lambda any value
   * @return its {@link SerializedLambda}, or null
   */
  public static SerializedLambda serializedForm(Object lambda) {
    return lambda == null || !lambda.getClass().isHidden() ? null : LambdaCodec.form(lambda);
  }

  /**
   * Encodes the lambda that {@code form} describes, as {@link #encode(Object)} encodes the lambda
   * itself; where the lambda would go by JDK serialization, {@code form} does (whose {@code
   * readResolve} makes the lambda). For a receiver that links a lambda ahead of its use.
   *
   * @param form a serializable lambda's serialized form
   * @param capturing the class that wrote the lambda, {@code form.getCapturingClass()}
   * @return the bytes, which {@link #decode(byte[])} turns into the lambda
   * @throws IllegalArgumentException if a captured value cannot be serialized
   */
  public static byte[] encodeLambda(SerializedLambda form, Class<?> capturing) {
    if (!capturing.getName().replace('.', '/').equals(form.getCapturingClass())) {
      throw new IllegalArgumentException(
          "the lambda was written by " + form.getCapturingClass() + ", not " + capturing.getName());
    }
    BytesOut out = new BytesOut(256);
    LambdaCodec.Prepared lambda = LambdaCodec.prepare(form, capturing);
    if (lambda.tagged()) {
      LambdaCodec.write(lambda.form(), out.writeByte(LAMBDA));
    } else {
      out.writeByte(JAVA);
      serialize(lambda.form(), out);
    }
    return out.toByteArray();
  }

  /**
   * Appends the encoding of {@code items} as an {@code Object[]} of the same elements: what {@code
   * encode(items.toArray(), out)} writes, without the array.
   *
   * @param items the elements
   * @param out where to write
   * @throws IllegalArgumentException if an element cannot be serialized, naming the field path
   */
  public static void encodeArray(List<?> items, BytesOut out) {
    // one copy out of the list (an ArrayList's is an array copy), then loops over an array: a
    // map's chunks are encoded in the caller's thread, often before the JIT has compiled this
    Object[] a = items.toArray();
    ArrayCodec.encode(a, a.length, out);
  }

  /**
   * Decodes what {@link #encode(Object)} produced.
   *
   * @param bytes the encoding
   * @return the value
   * @throws IllegalArgumentException if the bytes are not a valid encoding or name a class this JVM
   *     cannot load or the filter refuses
   */
  public static Object decode(byte[] bytes) {
    return decode(new BytesIn(bytes));
  }

  /**
   * Decodes one value from {@code in}.
   *
   * @param in the source, positioned at a value's tag
   * @return the value
   * @throws IllegalArgumentException if the bytes are not a valid encoding
   */
  public static Object decode(BytesIn in) {
    int tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case FALSE -> Boolean.FALSE;
      case TRUE -> Boolean.TRUE;
      case INT -> in.readInt();
      case LONG -> in.readLong();
      case STRING -> in.readString();
      case DOUBLE -> Double.longBitsToDouble(in.readLong());
      case FLOAT -> Float.intBitsToFloat(in.readInt());
      case BYTE -> (byte) in.readByte();
      case SHORT -> (short) in.readShort();
      case CHAR -> (char) in.readShort();
      case BYTES -> in.readBytes();
      case INTS -> {
        int[] a = new int[checkedLength(in, 4)];
        in.readInts(a);
        yield a;
      }
      case LONGS -> {
        long[] a = new long[checkedLength(in, 8)];
        in.readLongs(a);
        yield a;
      }
      case DOUBLES -> {
        double[] a = new double[checkedLength(in, 8)];
        in.readDoubles(a);
        yield a;
      }
      case BOXED_INTS, BOXED_LONGS, BOXED_DOUBLES -> boxed(tag, in);
      case OBJECTS -> {
        Object[] a = new Object[checkedLength(in, 1)];
        for (int i = 0; i < a.length; i++) {
          a[i] = decode(in);
        }
        yield a;
      }
      case JAVA -> deserialize(in);
      case LAMBDA -> LambdaCodec.read(in, effectiveFilter());
      case PLAIN -> PlainObjectCodec.read(in, effectiveFilter());
      case RECORD, ENUM -> readRecordOrEnum(tag, in, effectiveFilter());
      case MEMBERS -> readMembers(in, effectiveFilter());
      default -> throw new IllegalArgumentException("not a multitask encoding: unknown tag " + tag);
    };
  }

  /**
   * Decodes {@code bytes} in a JVM started with no JVM-wide deserialization filter or filter
   * factory, in which nothing has run yet that could have set one: its first value. The launcher
   * vouches for the JDK's security properties ({@code filterFreeSecurityProperties} true in the JVM
   * that started this one); this JVM's system properties are checked here. The filter is then
   * {@link Codec}'s own alone, exactly what {@code ObjectInputFilter.Config} would make, without
   * setting it up: its set-up reads the security properties and looks up a {@code
   * System.LoggerFinder} on the class path, some 20 ms in a fresh JVM. Values that need JDK
   * serialization are decoded as by {@link #decode(byte[])}.
   *
   * @param bytes the encoding
   * @param filterFreeSecurityProperties what the launching JVM's {@link
   *     #filterFreeSecurityProperties()} returned
   * @return the value
   * @throws IllegalArgumentException as {@link #decode(byte[])}
   */
  public static Object decodeFirst(byte[] bytes, boolean filterFreeSecurityProperties) {
    BytesIn in = new BytesIn(bytes);
    int tag = in.peekByte();
    if ((tag != PLAIN && tag != LAMBDA && tag != RECORD && tag != ENUM)
        || !filterFreeSecurityProperties
        || System.getProperty(FILTER_PROPERTY) != null
        || System.getProperty(FACTORY_PROPERTY) != null
        || System.getProperty(SECURITY_OVERRIDE_PROPERTY) != null) {
      return decode(in);
    }
    in.readByte();
    // the builtin factory's choice, given no JVM-wide filter: ours alone
    return tag == PLAIN
        ? PlainObjectCodec.read(in, GADGET_FILTER)
        : tag == LAMBDA
            ? LambdaCodec.read(in, GADGET_FILTER)
            : readRecordOrEnum(tag, in, GADGET_FILTER);
  }

  /** Reads a record or an enum constant after its tag, the whole value, under {@code filter}. */
  private static Object readRecordOrEnum(int tag, BytesIn in, ObjectInputFilter filter) {
    return RecordCodec.read(tag, in, new StreamChecks(filter, in, in.position()), 1);
  }

  /**
   * Whether a JVM of this JDK started without {@code -Djava.security.properties} configures no
   * deserialization filter or filter factory in its security properties: true when this JVM's
   * security properties set neither and this JVM reads no override file either. Computed once.
   *
   * @return whether the JDK's own security properties leave deserialization unfiltered
   */
  public static boolean filterFreeSecurityProperties() {
    return SecurityProperties.FILTER_FREE;
  }

  /** Initializes {@link java.security.Security} only when first asked. */
  private static final class SecurityProperties {
    static final boolean FILTER_FREE =
        System.getProperty(SECURITY_OVERRIDE_PROPERTY) == null
            && java.security.Security.getProperty(FILTER_PROPERTY) == null
            && java.security.Security.getProperty(FACTORY_PROPERTY) == null;
  }

  /**
   * Prepares decoding objects of {@code type} ahead of the first one, where that saves time: for a
   * plain serializable class, the reflection over its fields. For a warm worker, with the classes
   * it expects. May initialize {@code type}, as its first decoding would.
   *
   * @param type any class
   */
  public static void prepare(Class<?> type) {
    PlainObjectCodec.prepare(type);
  }

  /**
   * Decodes a value known to be an {@code Object[]}, keeping a packed array of numbers unboxed: an
   * array of only Integers comes back as an {@code int[]} (of Longs a {@code long[]}, of Doubles a
   * {@code double[]}), any other array as an {@code Object[]}. For a receiver that stores many
   * numbers and boxes each only when it is read.
   *
   * @param in the source, positioned at the array's tag
   * @return an {@code int[]}, {@code long[]}, {@code double[]} or {@code Object[]}
   * @throws IllegalArgumentException if the bytes are not a valid encoding of an {@code Object[]}
   */
  public static Object decodeUnboxed(BytesIn in) {
    int tag = in.peekByte();
    if (tag == BOXED_INTS || tag == BOXED_LONGS || tag == BOXED_DOUBLES) {
      return unboxed(in.readByte(), in);
    }
    Object value = decode(in);
    if (!(value instanceof Object[])) {
      throw new IllegalArgumentException("expected an encoded Object[], found " + describe(value));
    }
    return value;
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

  /** A packed array of numbers, after its tag, as an array of primitives. */
  private static Object unboxed(int tag, BytesIn in) {
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
  private static Object[] boxed(int tag, BytesIn in) {
    Object[] a = new Object[checkedLength(in, tag == Codec.BOXED_INTS ? 4 : 8)];
    in.readBoxed(a, tag == Codec.BOXED_INTS ? 'I' : tag == Codec.BOXED_LONGS ? 'J' : 'D');
    return a;
  }

  /** An array's length, read and checked against the bytes left for elements of {@code width}. */
  private static int checkedLength(BytesIn in, int width) {
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

  static void serialize(Object value, BytesOut out) {
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(value);
    } catch (NotSerializableException | InvalidClassException e) {
      throw new IllegalArgumentException(SerializabilityProbe.explain(value, e), e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot serialize "
              + describe(value)
              + ": "
              + e
              + "; make it Serializable or send only plain values (numbers, strings, arrays, records of those)",
          e);
    }
  }

  private static Object deserialize(InputStream in) {
    try (ObjectInputStream ois = new FilteredObjectInputStream(in)) {
      return ois.readObject();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "cannot decode a value: class " + e.getMessage() + " is not on this JVM's class path", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot decode a value: " + e, e);
    }
  }

  /**
   * The filter an {@code ObjectInputStream} of ours applies: the filter factory's choice between
   * the JVM-wide filter and {@link #GADGET_FILTER} merged with it, made as the stream makes it.
   */
  static ObjectInputFilter effectiveFilter() {
    ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
    BinaryOperator<ObjectInputFilter> factory = ObjectInputFilter.Config.getSerialFilterFactory();
    return factory.apply(factory.apply(null, global), ours(global));
  }

  private static ObjectInputFilter ours(ObjectInputFilter global) {
    return global == null ? GADGET_FILTER : ObjectInputFilter.merge(GADGET_FILTER, global);
  }

  /**
   * Loads a class named in an encoding as our object streams do: the context class loader first.
   */
  static Class<?> resolve(String name) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      if (context != null) {
        try {
          return Class.forName(name, false, context);
        } catch (ClassNotFoundException ignored) {
          // then the loader that loaded multitask
        }
      }
      return Class.forName(name, false, Codec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "cannot decode a value: class " + name + " is not on this JVM's class path", e);
    }
  }

  /**
   * The failure for a class whose serialized form here differs from the sender's: {@code what} and
   * {@code name} name it ("class x.Y"), {@code how} says what may differ.
   */
  static IllegalArgumentException differsFromSender(String what, String name, String how) {
    return new IllegalArgumentException(
        "cannot decode a value: "
            + what
            + " "
            + name
            + " differs between this JVM and the sender's ("
            + how
            + "); run both with the same class path");
  }

  static String describe(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }

  /**
   * Resolves classes through the context class loader first (frameworks, IDE runners), then as
   * usual.
   */
  private static final class FilteredObjectInputStream extends ObjectInputStream {
    FilteredObjectInputStream(InputStream in) throws IOException {
      super(in);
      setObjectInputFilter(ours(ObjectInputFilter.Config.getSerialFilter()));
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException ignored) {
          // fall through to the default resolution (primitives, the caller's loader)
        }
      }
      return super.resolveClass(desc);
    }
  }
}
