package dev.multitask.codec;

import java.io.ObjectInputFilter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serializable lambdas split in two for a channel that carries many lambdas of few kinds (a pool's
 * tasks, {@code pool.submit(() -> f(k))} in a loop): the <em>shape</em>, what the lambda's class
 * says of it (the strings of its {@link SerializedLambda}, the same for every lambda of one class),
 * and its captured values. The sender sends a shape once per channel, then only its id with each
 * lambda's captured values; the receiver ({@link Receiver}) keeps each shape it was sent, with a
 * constructor of the lambda's class found the first time, so that a lambda it has seen the kind of
 * costs it the decoding of a few values and an allocation, instead of the strings, a class lookup
 * and the capturing class's {@code $deserializeLambda$}.
 *
 * <p>Only the lambdas {@link Codec}'s tagged path takes are split ({@link LambdaCodec}: captured
 * values without an identity, enum constants, records and what serialization replaces by one, such
 * as multitask's shared objects); the receiver asks the deserialization filter about the same
 * classes in the same order as {@link LambdaCodec#read} does, every time.
 *
 * <p>Thread-safe on the sending side; a {@link Receiver} belongs to the thread that reads its
 * channel.
 */
public final class LambdaShapes {
  /**
   * The most shapes either side of a channel keeps. Both sides count the shapes sent in the order
   * they were sent, so they agree on which are kept without a word about it.
   */
  public static final int LIMIT = 1024;

  private static final AtomicLong IDS = new AtomicLong();

  /** Per lambda class: its shape, once a lambda of it was split; {@link #NONE} if it cannot be. */
  private static final ClassValue<Shape[]> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape[] computeValue(Class<?> type) {
          return new Shape[1];
        }
      };

  private static final Shape NONE = new Shape(0, new byte[0], Object.class);

  private LambdaShapes() {}

  /**
   * A shape: its id in this JVM, its encoding ({@link LambdaCodec#writeHeader}), and the class that
   * writes its lambdas.
   */
  private record Shape(long id, byte[] bytes, Class<?> capturing) {}

  /**
   * A lambda split: its shape's id (the same for every lambda of its class in this JVM), the
   * shape's encoding, and its captured values encoded one after the other.
   *
   * @param shapeId the shape's id
   * @param shape the shape's encoding: send it once per channel
   * @param captured the captured values
   */
  public record Parts(long shapeId, byte[] shape, byte[] captured) {}

  /**
   * Splits {@code value} if {@link Codec#encode} would send it as a tagged lambda.
   *
   * @param value any value
   * @return its parts, or null for anything else
   */
  public static Parts split(Object value) {
    return encode(value) instanceof Parts parts ? parts : null;
  }

  /**
   * {@code value} as a channel of shapes sends it: split when {@link Codec#encode} would send it as
   * a tagged lambda, else whole, as {@code Codec.encode} encodes it. Either way the {@code
   * writeReplace} of each value the lambda captures runs once ({@link Codec#encode} after a failed
   * split would run it again).
   *
   * @param value any value
   * @return its {@link Parts}, or its whole encoding as a {@code byte[]}
   * @throws IllegalArgumentException if the value cannot be serialized, naming the field path
   */
  public static Object encode(Object value) {
    if (value == null || !value.getClass().isHidden()) {
      return Codec.encode(value);
    }
    Shape[] holder = SHAPES.get(value.getClass());
    Shape shape = holder[0];
    SerializedLambda form = shape == NONE ? null : LambdaCodec.form(value);
    if (form == null) {
      return Codec.encode(value);
    }
    if (shape == null) {
      // racing threads may each make one: the last one set wins, and both are valid
      shape = shapeOf(form, value);
      holder[0] = shape;
      if (shape == NONE) {
        return Codec.encode(value);
      }
    }
    SerializedLambda written = form;
    if (!LambdaCodec.capturesScalarsOnly(
        form)) { // records, enums, shared objects: as the tagged path has them
      LambdaCodec.Prepared prepared = LambdaCodec.prepare(form, shape.capturing());
      if (!prepared.tagged()) {
        return Codec.encodeUntagged(prepared, value);
      }
      written = prepared.form();
    }
    BytesOut captured = new BytesOut(16 + 8 * written.getCapturedArgCount());
    RecordCodec.Names names = new RecordCodec.Names();
    for (int i = 0; i < written.getCapturedArgCount(); i++) {
      RecordCodec.writeMember(written.getCapturedArg(i), captured, names);
    }
    return new Parts(shape.id(), shape.bytes(), captured.toByteArray());
  }

  private static Shape shapeOf(SerializedLambda form, Object value) {
    Class<?> capturing = LambdaCodec.capturingClass(form, value);
    if (capturing == null || !LambdaCodec.deserializable(capturing)) {
      return NONE;
    }
    BytesOut out = new BytesOut(256);
    LambdaCodec.writeHeader(form, out);
    return new Shape(IDS.incrementAndGet(), out.toByteArray(), capturing);
  }

  /**
   * The receiving end of one channel: the shapes it was sent, by id. Not thread-safe: the thread
   * that reads the channel decodes its lambdas.
   */
  public static final class Receiver {
    private final Map<Long, Kind> kinds = new HashMap<>();

    /** Makes an empty receiver, for a new channel. */
    public Receiver() {}

    /**
     * Decodes a lambda sent as its shape's id, the shape itself the first time, and its captured
     * values.
     *
     * @param shapeId the shape's id
     * @param shape the shape's encoding when the sender sends it (the first time on this channel),
     *     else null
     * @param captured the captured values, as {@link Parts#captured()}
     * @return the lambda
     * @throws IllegalArgumentException if the bytes are not a lambda's, a class cannot be loaded or
     *     the filter refuses one, or the id names no shape this receiver was sent
     */
    public Object decode(long shapeId, byte[] shape, BytesIn captured) {
      return decode(shapeId, shape, captured, Codec.effectiveFilter());
    }

    /** Whether lambdas of shape {@code shapeId} are made by their class's constructor now. */
    boolean madeByConstructor(long shapeId) {
      Kind kind = kinds.get(shapeId);
      return kind != null && kind.constructor != null;
    }

    /** As {@link #decode(long, byte[], BytesIn)}, under {@code filter} (null: none). */
    Object decode(long shapeId, byte[] shape, BytesIn captured, ObjectInputFilter filter) {
      Kind kind;
      if (shape != null) {
        try {
          kind = new Kind(LambdaCodec.readHeader(new BytesIn(shape)), shape.length);
        } catch (RuntimeException e) {
          kind = new Kind(e);
        }
        if (kinds.size() < LIMIT) {
          kinds.put(shapeId, kind);
        }
      } else {
        kind = kinds.get(shapeId);
        if (kind == null) {
          throw new IllegalArgumentException(
              "not a multitask encoding: lambda shape " + shapeId + " was never sent");
        }
      }
      return kind.make(captured, filter);
    }
  }

  /** One shape on the receiving side: its template, and how to make its lambdas fast. */
  private static final class Kind {
    private final SerializedLambda template;
    private final Class<?> capturing;
    private final RuntimeException broken;
    private final int shapeBytes;

    /**
     * The lambda class's constructor, taking the captured values as an {@code Object[]}; null until
     * a first lambda was made, or when it cannot be called (then every lambda goes through {@code
     * $deserializeLambda$}).
     */
    private MethodHandle constructor;

    private boolean tried;

    Kind(SerializedLambda template, int shapeBytes) {
      this.template = template;
      this.capturing = LambdaCodec.capturingClass(template);
      this.broken = null;
      this.shapeBytes = shapeBytes;
    }

    Kind(RuntimeException broken) {
      this.template = null;
      this.capturing = null;
      this.broken = broken;
      this.shapeBytes = 0;
    }

    Object make(BytesIn in, ObjectInputFilter filter) {
      if (broken != null) {
        throw broken;
      }
      int start = in.position() - shapeBytes; // the filter's byte counts, as for a whole lambda
      Object[] captured = LambdaCodec.readCaptured(template, capturing, in, filter, start);
      long bytes = in.position() - start;
      MethodHandle fast = constructor;
      if (fast != null) {
        Object made;
        try {
          made = (Object) fast.invokeExact(captured);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) { // a captured value of another type than the class's field
          constructor = null;
          return make(captured, filter, bytes);
        }
        LambdaCodec.check(filter, made.getClass(), -1, 1, 4 + captured.length, bytes);
        return made;
      }
      return make(captured, filter, bytes);
    }

    private Object make(Object[] captured, ObjectInputFilter filter, long bytes) {
      Object made =
          LambdaCodec.make(
              LambdaCodec.withCaptured(template, capturing, captured), capturing, filter, bytes);
      if (!tried) {
        tried = true;
        constructor = constructorOf(made.getClass(), captured.length);
      }
      return made;
    }

    /**
     * The constructor of a lambda class that {@code $deserializeLambda$} made, which takes the
     * captured values in their order (the JDK's lambda classes store them as they come); null when
     * this module may not call it.
     */
    private static MethodHandle constructorOf(Class<?> lambdaClass, int captured) {
      if (!lambdaClass.isHidden()
          || !lambdaClass
              .getModule()
              .isOpen(lambdaClass.getPackageName(), LambdaShapes.class.getModule())) {
        return null;
      }
      try {
        Constructor<?>[] constructors = lambdaClass.getDeclaredConstructors();
        if (constructors.length != 1 || constructors[0].getParameterCount() != captured) {
          return null;
        }
        constructors[0].setAccessible(true);
        return MethodHandles.lookup()
            .unreflectConstructor(constructors[0])
            .asSpreader(Object[].class, captured)
            .asType(MethodType.methodType(Object.class, Object[].class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
