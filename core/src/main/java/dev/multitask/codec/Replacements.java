package dev.multitask.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Serialization's {@code writeReplace}, called as {@code ObjectOutputStream} calls it, so that a
 * value that travels as another one (a serialization proxy; multitask's shared objects, which
 * travel as a record naming their memory) can take a tagged path as that other one.
 *
 * <p>The method is the one the stream would call ({@code ReflectionFactory}, the JDK's support for
 * serialization libraries, finds it by the stream's rules: declared or inherited, with the stream's
 * access rules), except for enums, whose {@code writeReplace} serialization ignores, and hidden
 * classes (lambdas), which {@link LambdaCodec} takes or leaves to the stream.
 */
final class Replacements {
  /** A class's {@code writeReplace} as the stream would call it, or null. */
  private static final ClassValue<MethodHandle> WRITE_REPLACE =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          if (type.isEnum() || type.isHidden() || type.isArray()) {
            return null;
          }
          if (FINDER == null) {
            return null;
          }
          try {
            return (MethodHandle) FINDER.invokeExact(type);
          } catch (RuntimeException | LinkageError e) {
            return null; // a class whose methods do not resolve here: the stream's to report on
          } catch (Throwable e) {
            throw new IllegalStateException(e);
          }
        }
      };

  /**
   * {@code ReflectionFactory.writeReplaceForSerialization}, bound to the factory: found by name, as
   * the compiler warns about naming the class; null in a runtime without {@code jdk.unsupported}
   * (every value then keeps to the stream, which replaces it itself).
   */
  private static final MethodHandle FINDER = finder();

  private Replacements() {}

  private static MethodHandle finder() {
    try {
      Class<?> factory = Class.forName("sun.reflect.ReflectionFactory");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Object instance =
          lookup
              .findStatic(factory, "getReflectionFactory", MethodType.methodType(factory))
              .invoke();
      return lookup
          .findVirtual(
              factory,
              "writeReplaceForSerialization",
              MethodType.methodType(MethodHandle.class, Class.class))
          .bindTo(instance);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return null;
    }
  }

  /** Whether values of {@code type} are replaced before they are written. */
  static boolean has(Class<?> type) {
    return !Enum.class.isAssignableFrom(type) && WRITE_REPLACE.get(type) != null;
  }

  /**
   * What the stream writes for {@code value}, whose class {@link #has} a {@code writeReplace}: the
   * method called, and again on what it returns while that is of another class that has one; the
   * last result (null included). The result's class has no {@code writeReplace} of its own unless
   * the last call returned an object of the class it was called on, whose {@code writeReplace} the
   * stream would not call again but any stream given the result would.
   *
   * @throws IllegalArgumentException if a {@code writeReplace} throws, naming the class
   */
  static Object replace(Object value) {
    Object current = value;
    for (; ; ) {
      Class<?> type = current.getClass();
      MethodHandle writeReplace = has(type) ? WRITE_REPLACE.get(type) : null;
      if (writeReplace == null) {
        return current;
      }
      Object next;
      try {
        next = writeReplace.invoke(current);
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalArgumentException(
            "cannot serialize " + Codec.describe(current) + ": its writeReplace threw " + e, e);
      }
      if (next == null || next.getClass() == type) {
        return next;
      }
      current = next;
    }
  }

  /**
   * Whether {@code replaced}, what {@link #replace} returned, may be written by any stream without
   * its {@code writeReplace} called again.
   */
  static boolean isFinal(Object replaced) {
    return replaced == null || !has(replaced.getClass());
  }
}
