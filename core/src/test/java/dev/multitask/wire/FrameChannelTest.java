package dev.multitask.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.codec.BytesOut;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: frames read back as written; a stream that ends inside a frame is an error, between
 * frames the end.
 */
class FrameChannelTest {
  private static byte[] written(BytesOut... frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FrameChannel channel = new FrameChannel(new ByteArrayInputStream(new byte[0]), bytes)) {
      for (BytesOut frame : frames) {
        channel.send(frame);
      }
    }
    return bytes.toByteArray();
  }

  private static FrameChannel reading(byte[] bytes) {
    return new FrameChannel(new ByteArrayInputStream(bytes), new ByteArrayOutputStream());
  }

  @Test
  void framesReadBackInOrder_largerThanTheBuffer_thenNullAtTheEnd() throws IOException {
    byte[] big = new byte[200_000];
    Arrays.fill(big, (byte) 7);
    byte[] bytes =
        written(
            FrameChannel.begin(WireDescriptor.RESULT, 16).writeLong(42),
            FrameChannel.begin(WireDescriptor.DONE, big.length).writeBytes(big));
    try (FrameChannel channel = reading(bytes)) {
      FrameChannel.Frame first = channel.read(Integer.MAX_VALUE);
      assertEquals(WireDescriptor.RESULT, first.type());
      assertEquals(42, first.body().readLong());
      FrameChannel.Frame second = channel.read(Integer.MAX_VALUE);
      assertEquals(WireDescriptor.DONE, second.type());
      assertArrayEquals(big, second.body().readBytes());
      assertNull(channel.read(Integer.MAX_VALUE), "the end between frames");
    }
  }

  @Test
  void aStreamEndingInsideAFrame_isAnError_notTheEnd() throws IOException {
    byte[] bytes = written(FrameChannel.begin(WireDescriptor.RESULT, 16).writeLong(42));
    assertNull(reading(Arrays.copyOf(bytes, 3)).read(100), "inside the length: the peer is gone");
    assertThrows(EOFException.class, () -> reading(Arrays.copyOf(bytes, 4)).read(100));
    EOFException e =
        assertThrows(
            EOFException.class, () -> reading(Arrays.copyOf(bytes, bytes.length - 1)).read(100));
    assertTrue(e.getMessage().contains("cut short"), e.getMessage());
  }

  @Test
  void aStatedLengthOverTheLimit_isRefusedNamingItAndTheLimit() {
    byte[] head = {0x40, 0, 0, 0, WireDescriptor.RESULT}; // 1 GiB, and nothing of it
    FrameChannel.TooLargeException e =
        assertThrows(
            FrameChannel.TooLargeException.class,
            () -> reading(head).read(WireDescriptor.MAX_FRAME));
    assertEquals(1L << 30, e.length);
    assertEquals(WireDescriptor.MAX_FRAME, e.limit);
    assertTrue(
        e.getMessage().contains("1073741824")
            && e.getMessage().contains(Integer.toString(WireDescriptor.MAX_FRAME)),
        e.getMessage());
  }

  /** A body larger than what is read at once grows as its bytes come, and arrives whole. */
  @Test
  void aLargeFrame_readsBackWhole_orCutShortIsAnError() throws IOException {
    byte[] big = new byte[(3 << 20) + 12345];
    new java.util.Random(7).nextBytes(big);
    byte[] bytes =
        written(FrameChannel.begin(WireDescriptor.RESULT, big.length + 8).writeBytes(big));
    try (FrameChannel channel = reading(bytes)) {
      assertArrayEquals(big, channel.read(WireDescriptor.MAX_FRAME).body().readBytes());
    }
    EOFException e =
        assertThrows(
            EOFException.class,
            () -> reading(Arrays.copyOf(bytes, 2 << 20)).read(WireDescriptor.MAX_FRAME));
    assertTrue(e.getMessage().contains("cut short"), e.getMessage());
  }

  @Test
  void tooLarge_namesWhatTheSizeAndTheLimit_onlyOverTheLimit() {
    assertNull(FrameChannel.tooLarge("the result", WireDescriptor.MAX_FRAME));
    String why = FrameChannel.tooLarge("the result", WireDescriptor.MAX_FRAME + 1L);
    assertTrue(why.startsWith("the result is " + (WireDescriptor.MAX_FRAME + 1L) + " bytes"), why);
    assertTrue(why.contains("more than the " + WireDescriptor.MAX_FRAME), why);
  }

  @Test
  void aFrameOverTheLimit_isRefusedBeforeItsBodyIsRead() throws IOException {
    byte[] bytes =
        written(FrameChannel.begin(WireDescriptor.RESULT, 300).writeBytes(new byte[300]));
    IOException e =
        assertThrows(IOException.class, () -> reading(bytes).read(WireDescriptor.HANDSHAKE_MAX));
    assertTrue(e.getMessage().contains("bad frame length"), e.getMessage());
  }
}
