package dev.multitask.process.startup;

import dev.multitask.codec.Codec;
import java.lang.invoke.SerializedLambda;

/**
 * A recent job's serializable lambda with its captured values replaced by nulls and zeros: what a
 * standby worker deserializes once, so that the job's own lambda finds it linked.
 *
 * <p>The first deserialization of a lambda in a JVM looks up and calls its capturing class's {@code
 * $deserializeLambda$} and spins the lambda's class: some 5 ms in a fresh worker, most of a warm
 * lambda job's start. Done on a shape, it runs none of the job's code: the captured values are null
 * (or a zero of their box type, which the generated code unboxes), and the lambda is created, never
 * called. It does initialize the capturing class, so a worker links the shape only where that runs
 * no application code ({@link ClassPreload#initializesQuietly}).
 *
 * @param capturingClass the binary name of the class that wrote the lambda
 * @param functionalInterface the binary name of the interface the lambda implements
 * @param encoded the {@link Codec} encoding of the shape's lambda ({@link Codec#encodeLambda})
 */
public record LambdaShape(String capturingClass, String functionalInterface, byte[] encoded) {
  /** The largest encoding sent to a worker; a real one is a few hundred bytes. */
  public static final int MAX_BYTES = 4 * 1024;

  /**
   * The shape of {@code lambda}, or null when it is not a serializable lambda or this library may
   * not ask it for its {@link SerializedLambda} (a class in a named module that does not open its
   * package to {@code dev.multitask}).
   */
  public static LambdaShape of(Object lambda) {
    SerializedLambda real = Codec.serializedForm(lambda);
    if (real == null) {
      return null;
    }
    try {
      Class<?> capturing =
          Class.forName(
              real.getCapturingClass().replace('/', '.'),
              false,
              lambda.getClass().getClassLoader());
      Object[] captured = new Object[real.getCapturedArgCount()];
      for (int i = 0; i < captured.length; i++) {
        captured[i] = zeroLike(real.getCapturedArg(i));
      }
      SerializedLambda shape =
          new SerializedLambda(
              capturing,
              real.getFunctionalInterfaceClass(),
              real.getFunctionalInterfaceMethodName(),
              real.getFunctionalInterfaceMethodSignature(),
              real.getImplMethodKind(),
              real.getImplClass(),
              real.getImplMethodName(),
              real.getImplMethodSignature(),
              real.getInstantiatedMethodType(),
              captured);
      byte[] encoded = Codec.encodeLambda(shape, capturing); // as the job's own lambda will come
      String face = real.getFunctionalInterfaceClass().replace('/', '.');
      return encoded.length <= MAX_BYTES
          ? new LambdaShape(capturing.getName(), face, encoded)
          : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // no shape: the job links its lambda itself, as without a standby
    }
  }

  /**
   * Null for a captured object; the zero of its box for a captured primitive, which the capturing
   * class's {@code $deserializeLambda$} unboxes (a value held in a reference-typed capture passes
   * its cast as well).
   */
  private static Object zeroLike(Object captured) {
    if (captured instanceof Integer) {
      return 0;
    } else if (captured instanceof Long) {
      return 0L;
    } else if (captured instanceof Double) {
      return 0.0;
    } else if (captured instanceof Boolean) {
      return Boolean.FALSE;
    } else if (captured instanceof Float) {
      return 0.0f;
    } else if (captured instanceof Character) {
      return '\0';
    } else if (captured instanceof Byte) {
      return (byte) 0;
    } else if (captured instanceof Short) {
      return (short) 0;
    }
    return null;
  }

  /**
   * In a standby worker: deserializes the shape, which links the lambda, if initializing its
   * capturing class and functional interface (whose default methods make the lambda's class
   * initialize it) runs no application code. Best effort: a failure only leaves the linking to the
   * job.
   *
   * @return whether the lambda was linked
   */
  public boolean link(ClassLoader loader) {
    try {
      if (!ClassPreload.initializesQuietly(Class.forName(capturingClass, false, loader))
          || !ClassPreload.initializesQuietly(Class.forName(functionalInterface, false, loader))) {
        return false;
      }
      Codec.decode(encoded);
      return true;
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return false;
    }
  }
}
