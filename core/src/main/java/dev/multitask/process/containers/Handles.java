package dev.multitask.process.containers;

import dev.multitask.codec.Codec;
import dev.multitask.codec.RecordMaker;
import dev.multitask.engine.containers.MapNamespace;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How shared containers travel and are found again: this JVM's one object per container (by control
 * segment name), the {@link Handle} that JDK serialization writes for a container, and the short
 * form a container takes when it is stored in another one ({@link #encodeValue}), so that a list
 * inside a map is read back as the same list without JDK serialization.
 */
final class Handles {
  /** The first byte of a container stored in a container; not a {@link Codec} tag. */
  static final byte HANDLE_TAG = 0x7e;

  static final byte MAP = 1;
  static final byte LIST = 2;
  static final byte NAMESPACE = 3;
  static final byte MANAGER = 4;

  /** This JVM's container objects by control segment name. */
  private static final ConcurrentHashMap<String, Object> CANONICAL = new ConcurrentHashMap<>();

  private Handles() {}

  /** Registers a container made here as this JVM's object for its name. */
  static <T> T register(String name, T container) {
    CANONICAL.put(name, container);
    return container;
  }

  /** This JVM's object for the container {@code name}, attaching it on first use. */
  @SuppressWarnings("unchecked")
  static <T> T canonical(String name, Function<String, T> attach) {
    return (T) CANONICAL.computeIfAbsent(name, attach);
  }

  /** This JVM's object for {@code name} if it has one, else null. */
  static Object existing(String name) {
    return CANONICAL.get(name);
  }

  /** Forgets the object for {@code name}: its manager has closed. */
  static void forget(String name) {
    CANONICAL.remove(name);
  }

  /** Encodes a value to store in a container: a container of this backend by its handle. */
  static byte[] encodeValue(Object value) {
    if (value instanceof ShmMap<?, ?> map) {
      return handleBytes(MAP, map.name());
    }
    if (value instanceof ShmList<?> list) {
      return handleBytes(LIST, list.name());
    }
    if (value instanceof MapNamespace ns && ns.attributes() instanceof ShmMap<?, ?> map) {
      return handleBytes(NAMESPACE, map.name());
    }
    return Codec.encode(value);
  }

  private static byte[] handleBytes(byte kind, String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[2 + ascii.length];
    bytes[0] = HANDLE_TAG;
    bytes[1] = kind;
    System.arraycopy(ascii, 0, bytes, 2, ascii.length);
    return bytes;
  }

  /** Decodes what {@link #encodeValue} made. */
  static Object decodeValue(byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != HANDLE_TAG) {
      return Codec.decode(bytes);
    }
    return resolve(bytes[1], new String(bytes, 2, bytes.length - 2, StandardCharsets.US_ASCII));
  }

  /** This JVM's object for a container of {@code kind} called {@code name}. */
  static Object resolve(byte kind, String name) {
    return switch (kind) {
      case MAP -> ShmMap.attach(name);
      case LIST -> ShmList.attach(name);
      case NAMESPACE -> new MapNamespace(ShmMap.<String, Object>attach(name));
      case MANAGER -> ShmManager.attach(name);
      default ->
          throw new IllegalArgumentException("not a shared container's handle: kind " + kind);
    };
  }

  /**
   * What JDK serialization writes for a container or a manager: it is found again on the other
   * side.
   */
  record Handle(byte kind, String name) implements Serializable {
    static {
      Codec.makeRecords(MethodHandles.lookup(), new Maker());
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
      return resolve(kind, name);
    }

    /** Makes handles as the stream does, without the method handles a fresh worker would spin. */
    private static final class Maker implements RecordMaker<Handle> {
      @Override
      public Handle make(Object[] c) {
        return new Handle((Byte) c[0], (String) c[1]);
      }

      @Override
      public Object resolve(Handle made) {
        return Handles.resolve(made.kind, made.name);
      }
    }
  }
}
