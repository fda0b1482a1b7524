package dev.multitask.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.StandInException;
import java.io.IOException;
import java.io.Serial;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: {@link ThrowableCodec} brings exceptions back as themselves, or as faithful stand-ins.
 */
class ThrowableCodecTest {

  @SuppressWarnings("serial") // the unserializable field is the point
  static final class HoldsThreadException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;
    private final Thread thread = Thread.currentThread();

    HoldsThreadException(String message, Throwable cause) {
      super(message, cause);
    }

    Thread thread() {
      return thread;
    }
  }

  /**
   * The parts of frames that travel: class, method, file and line. (Class loader and module names
   * are not sent, so {@link StackTraceElement#equals} would differ on them.)
   */
  private static String[] frames(StackTraceElement[] stack) {
    return Arrays.stream(stack)
        .map(
            f ->
                f.getClassName()
                    + "."
                    + f.getMethodName()
                    + "("
                    + f.getFileName()
                    + ":"
                    + f.getLineNumber()
                    + ")")
        .toArray(String[]::new);
  }

  private static Throwable roundTrip(Throwable t) {
    BytesOut out = new BytesOut(256);
    ThrowableCodec.encode(t, out);
    BytesIn in = new BytesIn(out.toByteArray());
    Throwable decoded = ThrowableCodec.decode(in);
    assertEquals(0, in.remaining(), "decode reads exactly what encode wrote");
    return decoded;
  }

  @Test
  void decode_serializableException_returnsOriginalWithCauseAndStack() {
    IllegalStateException original = new IllegalStateException("outer", new IOException("inner"));

    Throwable decoded = roundTrip(original);

    IllegalStateException same = assertInstanceOf(IllegalStateException.class, decoded);
    assertEquals("outer", same.getMessage());
    assertArrayEquals(original.getStackTrace(), same.getStackTrace());
    IOException cause = assertInstanceOf(IOException.class, same.getCause());
    assertEquals("inner", cause.getMessage());
  }

  @Test
  void decode_unserializableException_returnsStandInChainWithClassMessageAndStack() {
    HoldsThreadException original =
        new HoldsThreadException("outer", new IllegalArgumentException("inner"));

    Throwable decoded = roundTrip(original);

    StandInException standIn = assertInstanceOf(StandInException.class, decoded);
    assertEquals(HoldsThreadException.class.getName(), standIn.remoteClassName());
    assertEquals("outer", standIn.getMessage());
    assertArrayEquals(frames(original.getStackTrace()), frames(standIn.getStackTrace()));
    assertEquals(
        HoldsThreadException.class.getName() + ": outer [remote stand-in]", standIn.toString());
    StandInException inner = assertInstanceOf(StandInException.class, standIn.getCause());
    assertEquals(IllegalArgumentException.class.getName(), inner.remoteClassName());
    assertEquals("inner", inner.getMessage());
    assertArrayEquals(frames(original.getCause().getStackTrace()), frames(inner.getStackTrace()));
    assertNull(inner.getCause());
  }

  @Test
  void decode_nullMessageAndNoFileName_survive() {
    RuntimeException original = new HoldsThreadException(null, null);
    original.setStackTrace(new StackTraceElement[] {new StackTraceElement("a.B", "m", null, -2)});

    StandInException standIn = assertInstanceOf(StandInException.class, roundTrip(original));

    assertNull(standIn.getMessage());
    assertArrayEquals(original.getStackTrace(), standIn.getStackTrace());
    assertEquals(HoldsThreadException.class.getName() + " [remote stand-in]", standIn.toString());
  }

  /**
   * A receiver that cannot read the serialized exception (unknown class, broken bytes) uses the
   * stand-in.
   */
  @Test
  void decode_unreadableSerializedPart_fallsBackToStandIn() {
    IllegalStateException original = new IllegalStateException("readable description");
    BytesOut out = new BytesOut(256);
    ThrowableCodec.encode(original, out);
    byte[] bytes = out.toByteArray();
    // the serialized exception is last; break its stream header where it starts
    byte[] serialized = Codec.encode(original);
    int start = bytes.length - serialized.length;
    assertArrayEquals(
        serialized, Arrays.copyOfRange(bytes, start, bytes.length), "layout: serialized part last");
    bytes[start + 2] ^= 0x55;

    StandInException standIn =
        assertInstanceOf(StandInException.class, ThrowableCodec.decode(new BytesIn(bytes)));

    assertEquals(IllegalStateException.class.getName(), standIn.remoteClassName());
    assertEquals("readable description", standIn.getMessage());
  }

  @Test
  void encode_causeCycle_terminates() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalArgumentException b = new IllegalArgumentException("b", a);
    a.initCause(b);

    Throwable decoded = roundTrip(a);

    assertEquals("a", decoded.getMessage());
    assertEquals("b", decoded.getCause().getMessage());
  }

  @Test
  void decode_truncatedInput_throwsIllegalArgument() {
    BytesOut out = new BytesOut(256);
    ThrowableCodec.encode(new HoldsThreadException("cut", null), out);
    byte[] full = out.toByteArray();
    for (int length = 0; length < full.length; length++) {
      byte[] prefix = Arrays.copyOf(full, length);
      int n = length;
      assertThrows(
          IllegalArgumentException.class,
          () -> ThrowableCodec.decode(new BytesIn(prefix)),
          () -> "cut to " + n + " of " + full.length);
    }
  }

  @Test
  void decode_absurdChainDepth_throwsIllegalArgument() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ThrowableCodec.decode(new BytesIn(new byte[] {0, 0, 0, 0})));
    assertThrows(
        IllegalArgumentException.class,
        () -> ThrowableCodec.decode(new BytesIn(new byte[] {0x7f, 0, 0, 0})));
  }

  @Test
  void encode_deepCauseChain_keepsAtMostThirtyTwoLinks() {
    Throwable t = new IllegalStateException("root");
    for (int i = 0; i < 40; i++) {
      t = new HoldsThreadException("link " + i, t);
    }

    Throwable decoded = roundTrip(t);

    int depth = 0;
    for (Throwable c = decoded; c != null; c = c.getCause()) {
      depth++;
    }
    assertEquals(32, depth);
    assertTrue(decoded.getMessage().equals("link 39"), decoded.getMessage());
  }
}
