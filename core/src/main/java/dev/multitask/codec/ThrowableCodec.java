package dev.multitask.codec;

import dev.multitask.StandInException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Sends an exception to another JVM so that it arrives with its class, message, stack trace and
 * causes. Layout: a stand-in description of the cause chain (always), then the JDK-serialized
 * exception itself when it serializes. The receiver uses the real exception when it can deserialize
 * it and the stand-in ({@link StandInException}) otherwise.
 *
 * <pre>
 * int depth, then per link of the cause chain (outermost first):
 *   string className, string message, int frames,
 *   per frame: string classLoader, string module, string moduleVersion (each or null),
 *              string declaringClass, string method, string file (or null), int line
 * byte hasSerialized, then (if 1) bytes serialized
 * </pre>
 */
public final class ThrowableCodec {
  private static final int MAX_CHAIN = 32;

  private ThrowableCodec() {}

  /**
   * Encodes {@code t}; never fails.
   *
   * @param t the exception
   * @param out where to write
   */
  public static void encode(Throwable t, BytesOut out) {
    Throwable[] chain = chain(t);
    out.writeInt(chain.length);
    for (Throwable link : chain) {
      out.writeString(link.getClass().getName());
      out.writeString(link.getMessage());
      StackTraceElement[] frames = link.getStackTrace();
      out.writeInt(frames.length);
      for (StackTraceElement f : frames) {
        out.writeString(f.getClassLoaderName());
        out.writeString(f.getModuleName());
        out.writeString(f.getModuleVersion());
        out.writeString(f.getClassName());
        out.writeString(f.getMethodName());
        out.writeString(f.getFileName());
        out.writeInt(f.getLineNumber());
      }
    }
    byte[] serialized = null;
    try {
      serialized = Codec.encode(t);
    } catch (RuntimeException | StackOverflowError notSerializable) {
      // not serializable, or a cause chain deeper than serialization's recursion can walk (the
      // stack is unwound here, so going on is safe): the receiver gets the stand-in written
      // above, with every class name, message and stack trace a user reads
    }
    out.writeByte(serialized == null ? 0 : 1);
    if (serialized != null) {
      out.writeBytes(serialized);
    }
  }

  /**
   * Decodes an exception: the original when this JVM can rebuild it, else a stand-in.
   *
   * @param in the source
   * @return the exception
   */
  public static Throwable decode(BytesIn in) {
    int depth = in.readInt();
    if (depth < 1 || depth > MAX_CHAIN) {
      throw new IllegalArgumentException("not an encoded exception: cause chain of " + depth);
    }
    String[] names = new String[depth];
    String[] messages = new String[depth];
    StackTraceElement[][] stacks = new StackTraceElement[depth][];
    for (int i = 0; i < depth; i++) {
      names[i] = in.readString();
      messages[i] = in.readString();
      int frames = in.readInt();
      if (frames < 0 || frames > in.remaining()) {
        throw new IllegalArgumentException("not an encoded exception: " + frames + " frames");
      }
      stacks[i] = new StackTraceElement[frames];
      for (int j = 0; j < frames; j++) {
        stacks[i][j] =
            new StackTraceElement(
                in.readString(),
                in.readString(),
                in.readString(),
                in.readString(),
                in.readString(),
                in.readString(),
                in.readInt());
      }
    }
    if (in.readByte() == 1) {
      byte[] serialized = in.readBytes();
      try {
        if (Codec.decode(serialized) instanceof Throwable original) {
          return original;
        }
      } catch (RuntimeException unknownClass) {
        // the original's class is not known here, or its bytes do not decode: the stand-in read
        // next carries its class name, message and stack trace instead
      }
    }
    Throwable standIn = null;
    for (int i = depth - 1; i >= 0; i--) {
      standIn = new StandInException(names[i], messages[i], stacks[i], standIn);
    }
    return standIn;
  }

  private static Throwable[] chain(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    int n = 0;
    for (Throwable c = t;
        c != null && n < MAX_CHAIN && seen.put(c, Boolean.TRUE) == null;
        c = c.getCause()) {
      n++;
    }
    Throwable[] chain = new Throwable[n];
    Throwable c = t;
    for (int i = 0; i < n; i++, c = c.getCause()) {
      chain[i] = c;
    }
    return chain;
  }
}
