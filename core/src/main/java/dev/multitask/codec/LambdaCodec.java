package dev.multitask.codec;

import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * The tagged path for serializable lambdas whose captured values are only nulls, boxed primitives,
 * strings, enum constants and records of those, once replaced as serialization replaces them (see
 * {@link #prepare}): the {@link SerializedLambda}'s fields written directly, without {@code
 * ObjectOutputStream}'s stream header and class descriptions.
 *
 * <pre>
 * utf capturingClass, utf functionalInterfaceClass, utf functionalInterfaceMethodName,
 * utf functionalInterfaceMethodSignature, int implMethodKind, utf implClass, utf implMethodName,
 * utf implMethodSignature, utf instantiatedMethodType, int n,
 * n × captured value (its own tag: a scalar's, or {@link RecordCodec}'s)
 * </pre>
 *
 * <p>Reading one back is what {@code ObjectInputStream} does for a lambda, in fewer steps: the
 * deserialization filter (the JVM-wide one merged with {@link Codec}'s, through the filter factory)
 * decides on each class it would have seen, then the capturing class's {@code $deserializeLambda$}
 * makes the lambda. Values that have an identity a receiver could observe (arrays, mutable objects,
 * a record captured twice) take JDK serialization instead, which keeps shared references shared.
 */
final class LambdaCodec {
  /** A lambda class's {@code writeReplace}, or null when it has none this module may call. */
  private static final ClassValue<Method> WRITE_REPLACE =
      new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
          if (!type.isHidden() || !Serializable.class.isAssignableFrom(type) || !openToUs(type)) {
            return null;
          }
          try {
            Method m = type.getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return m;
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  /**
   * A capturing class's {@code $deserializeLambda$}, or null when this module may not call it. A
   * method handle of the method's exact type, called with {@code invokeExact}: a fresh worker links
   * it from the JDK's pregenerated forms, where {@code Method.invoke} first spins an accessor (~4
   * ms of a cold lambda job, measured).
   *
   * <p>Found by name and type ({@code findStatic}), not among the class's declared methods: listing
   * those loads every class their signatures name, and a class a worker's AOT cache lacks is read
   * from the class path's jar, whose whole directory a fresh JVM reads first (~35 ms of CPU in a
   * cold worker for a 28 MB jar, measured).
   */
  private static final ClassValue<MethodHandle> DESERIALIZE =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          if (!openToUs(type)) {
            return null;
          }
          try {
            // initialized first, as the call would: a handle made on a class not yet initialized
            // carries a barrier that, on the first call, spins a form of its own (~4 ms in a cold
            // worker, measured); an initializer's failure propagates to decode
            Class.forName(type.getName(), true, type.getClassLoader());
            Module ours = LambdaCodec.class.getModule();
            ours.addReads(type.getModule()); // a private lookup needs to read the class's module
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                .findStatic(
                    type,
                    "$deserializeLambda$",
                    MethodType.methodType(Object.class, SerializedLambda.class));
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  private LambdaCodec() {}

  private static boolean openToUs(Class<?> type) {
    return type.getModule().isOpen(type.getPackageName(), LambdaCodec.class.getModule());
  }

  /**
   * A serializable lambda as it is written: its form, with its captured values replaced as
   * serialization replaces them ({@link Replacements}), and whether this path takes it.
   *
   * @param form what to write: by this path when {@code tagged}, else by JDK serialization (the
   *     lambda itself, or this form if {@code replaced})
   * @param tagged whether this path takes it
   * @param replaced whether {@code form} holds replacements, which a stream must be given instead
   *     of the lambda, so as not to call the same {@code writeReplace} again
   */
  record Prepared(SerializedLambda form, boolean tagged, boolean replaced) {}

  /**
   * {@code value} as it is written, or null when it is not a serializable lambda whose class is
   * open to this module.
   *
   * @param value any non-null value
   */
  static Prepared prepare(Object value) {
    SerializedLambda form = form(value);
    return form == null ? null : prepare(form, capturingClass(form, value));
  }

  /**
   * The lambda that {@code form} describes, written by {@code capturing} (null: a class that does
   * not load), as it is written. This path takes it when its capturing class is open to this
   * module, and each captured value, once replaced, is a scalar, an enum constant or a record of
   * those ({@link RecordCodec}), with no record twice. No {@code writeReplace} runs unless every
   * captured value could take this path by its class.
   */
  static Prepared prepare(SerializedLambda form, Class<?> capturing) {
    int n = form.getCapturedArgCount();
    boolean byClass = capturing != null;
    boolean anyReplaced = false;
    for (int i = 0; i < n && byClass; i++) {
      Object v = form.getCapturedArg(i);
      boolean replaces = v != null && Replacements.has(v.getClass());
      byClass = replaces || RecordCodec.takesByClass(v);
      anyReplaced |= replaces;
    }
    if (!byClass || DESERIALIZE.get(capturing) == null) {
      return new Prepared(form, false, false);
    }
    SerializedLambda written = form;
    if (anyReplaced) {
      Object[] captured = new Object[n];
      for (int i = 0; i < n; i++) {
        Object v = form.getCapturedArg(i);
        int same = indexOf(form, v, i); // one replacement per object, as a stream keeps one
        captured[i] =
            same >= 0
                ? captured[same]
                : v != null && Replacements.has(v.getClass()) ? Replacements.replace(v) : v;
        if (!Replacements.isFinal(captured[i])) {
          // replaced by an object of its own class: only the stream's own loop writes that
          return new Prepared(form, false, false);
        }
      }
      written = withCaptured(form, capturing, captured);
    }
    RecordCodec.Walk walk = new RecordCodec.Walk();
    boolean tagged = true;
    for (int i = 0; i < n && tagged; i++) {
      tagged = walk.takes(written.getCapturedArg(i));
    }
    return new Prepared(written, tagged, anyReplaced);
  }

  /** The first index before {@code end} where {@code form} captures {@code v} itself, or -1. */
  private static int indexOf(SerializedLambda form, Object v, int end) {
    for (int i = 0; i < end; i++) {
      if (v != null && form.getCapturedArg(i) == v && !identityFree(v)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The serialized form of {@code value}, what its {@code writeReplace} returns, or null when it is
   * not a serializable lambda whose class is open to this module.
   */
  static SerializedLambda form(Object value) {
    Method writeReplace = WRITE_REPLACE.get(value.getClass());
    if (writeReplace == null) {
      return null;
    }
    try {
      return writeReplace.invoke(value) instanceof SerializedLambda lambda ? lambda : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The class that wrote {@code lambda}, the serialized form of {@code value}; null if it does not
   * load.
   */
  static Class<?> capturingClass(SerializedLambda lambda, Object value) {
    try {
      return Class.forName(
          lambda.getCapturingClass().replace('/', '.'), false, value.getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Whether every value {@code form} captures is a scalar: nothing to replace or walk. */
  static boolean capturesScalarsOnly(SerializedLambda form) {
    for (int i = 0; i < form.getCapturedArgCount(); i++) {
      if (!identityFree(form.getCapturedArg(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether this module may call {@code capturing}'s {@code $deserializeLambda$}. */
  static boolean deserializable(Class<?> capturing) {
    return DESERIALIZE.get(capturing) != null;
  }

  /** Values whose identity no receiver relies on, which this path may encode one by one. */
  static boolean identityFree(Object v) {
    return v == null
        || v instanceof String
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Double
        || v instanceof Boolean
        || v instanceof Float
        || v instanceof Byte
        || v instanceof Short
        || v instanceof Character;
  }

  /** Writes {@code lambda}, a form this path takes ({@link #prepare}), after its tag. */
  static void write(SerializedLambda lambda, BytesOut out) {
    writeHeader(lambda, out);
    RecordCodec.Names names = new RecordCodec.Names();
    for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
      RecordCodec.writeMember(lambda.getCapturedArg(i), out, names);
    }
  }

  /** Writes what {@code lambda}'s class says of it: all but its captured values. */
  static void writeHeader(SerializedLambda lambda, BytesOut out) {
    out.writeString(lambda.getCapturingClass())
        .writeString(lambda.getFunctionalInterfaceClass())
        .writeString(lambda.getFunctionalInterfaceMethodName())
        .writeString(lambda.getFunctionalInterfaceMethodSignature())
        .writeInt(lambda.getImplMethodKind())
        .writeString(lambda.getImplClass())
        .writeString(lambda.getImplMethodName())
        .writeString(lambda.getImplMethodSignature())
        .writeString(lambda.getInstantiatedMethodType())
        .writeInt(lambda.getCapturedArgCount());
  }

  /**
   * Reads what {@link #writeHeader} wrote: the lambda's form with its captured values all null (as
   * many as it has), a template for {@link #withCaptured}; every lambda of one class has the same.
   * Its capturing class is loaded as our object streams load classes.
   */
  static SerializedLambda readHeader(BytesIn in) {
    String capturingName = in.readString();
    String interfaceClass = in.readString();
    String interfaceMethod = in.readString();
    String interfaceSignature = in.readString();
    int implKind = in.readInt();
    String implClass = in.readString();
    String implMethod = in.readString();
    String implSignature = in.readString();
    String instantiatedType = in.readString();
    int n = in.readInt();
    if (n < 0 || n > 255) { // a method takes at most 255 slots of arguments
      throw new IllegalArgumentException(
          "not a multitask encoding: a lambda with " + n + " captured values");
    }
    return new SerializedLambda(
        Codec.resolve(capturingName.replace('/', '.')),
        interfaceClass,
        interfaceMethod,
        interfaceSignature,
        implKind,
        implClass,
        implMethod,
        implSignature,
        instantiatedType,
        new Object[n]);
  }

  /** {@code template}'s lambda with {@code captured} as its captured values. */
  static SerializedLambda withCaptured(
      SerializedLambda template, Class<?> capturing, Object[] captured) {
    return new SerializedLambda(
        capturing,
        template.getFunctionalInterfaceClass(),
        template.getFunctionalInterfaceMethodName(),
        template.getFunctionalInterfaceMethodSignature(),
        template.getImplMethodKind(),
        template.getImplClass(),
        template.getImplMethodName(),
        template.getImplMethodSignature(),
        template.getInstantiatedMethodType(),
        captured);
  }

  /**
   * Reads a lambda after its tag, under {@code filter} (null: none).
   *
   * @throws IllegalArgumentException if the bytes are not a lambda's, its class cannot be loaded,
   *     or the filter refuses a class
   */
  static Object read(BytesIn in, ObjectInputFilter filter) {
    int start = in.position();
    SerializedLambda template = readHeader(in);
    Class<?> capturing = capturingClass(template);
    Object[] captured = readCaptured(template, capturing, in, filter, start);
    return make(
        withCaptured(template, capturing, captured), capturing, filter, in.position() - start);
  }

  /** The class a template of {@link #readHeader} names, loaded there. */
  static Class<?> capturingClass(SerializedLambda template) {
    return Codec.resolve(template.getCapturingClass().replace('/', '.'));
  }

  /**
   * Reads a lambda's captured values, asking {@code filter} about the classes {@code
   * ObjectInputStream} would have shown it up to them, in its order (the form's fields in
   * serialization's order: capturedArgs, then capturingClass, then strings).
   *
   * @param start where the lambda's encoding began in {@code in}, for the filter's byte counts
   */
  static Object[] readCaptured(
      SerializedLambda template,
      Class<?> capturing,
      BytesIn in,
      ObjectInputFilter filter,
      int start) {
    int n = template.getCapturedArgCount();
    if (n > in.remaining()) {
      throw new IllegalArgumentException(
          "not a multitask encoding: a lambda with " + n + " captured values");
    }
    StreamChecks checks = new StreamChecks(filter, in, start);
    checks.describe(SerializedLambda.class, 1);
    checks.describe(Object[].class, 2);
    checks.check(Object[].class, n, 2); // the array of captured values
    Object[] captured = new Object[n];
    for (int i = 0; i < n; i++) {
      captured[i] = RecordCodec.readMember(in, checks, 3);
    }
    checks.describe(capturing, 2);
    return captured;
  }

  /**
   * Makes the lambda through its capturing class's {@code $deserializeLambda$}, as {@code
   * ObjectInputStream} does, and asks {@code filter} about its class.
   */
  static Object make(
      SerializedLambda lambda, Class<?> capturing, ObjectInputFilter filter, long bytes) {
    MethodHandle deserialize;
    try {
      deserialize = DESERIALIZE.get(capturing);
    } catch (LinkageError e) { // the capturing class's initializer failed: as from the call below
      throw new IllegalArgumentException(
          "cannot decode a value: the lambda of "
              + capturing.getName()
              + " could not be deserialized: "
              + e,
          e);
    }
    if (deserialize == null) {
      // this JVM's modules do not let us call it (the writer's did): JDK serialization can
      return Codec.decode(Codec.encode(lambda));
    }
    Object made;
    try {
      made = (Object) deserialize.invokeExact(lambda);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // the capturing class's own: its initializer's, or an unknown lambda
      throw new IllegalArgumentException(
          "cannot decode a value: the lambda of "
              + capturing.getName()
              + " could not be deserialized: "
              + e,
          e);
    }
    // as for what readResolve returns
    check(filter, made.getClass(), -1, 1, 4 + lambda.getCapturedArgCount(), bytes);
    return made;
  }

  /**
   * Asks {@code filter} (null: none) about {@code type} (null: a back reference) as
   * ObjectInputStream would.
   */
  static void check(
      ObjectInputFilter filter,
      Class<?> type,
      long arrayLength,
      long depth,
      long references,
      long streamBytes) {
    if (filter == null) {
      return;
    }
    ObjectInputFilter.Status status =
        filter.checkInput(new Info(type, arrayLength, depth, references, streamBytes));
    if (status == null || status == ObjectInputFilter.Status.REJECTED) {
      throw new IllegalArgumentException(
          "cannot decode a value: the deserialization filter rejects "
              + (type != null ? type.getName() : "a back reference")
              + " (filter status: "
              + status
              + ")");
    }
  }

  private record Info(
      Class<?> serialClass, long arrayLength, long depth, long references, long streamBytes)
      implements ObjectInputFilter.FilterInfo {}
}
