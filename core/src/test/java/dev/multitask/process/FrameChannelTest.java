package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.codec.BytesOut;
import dev.multitask.os.ControlPipes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tier 1: frames read back as written; a stream that ends inside a frame is an error, between frames the end. */
class FrameChannelTest {
  private static byte[] written(BytesOut... frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FrameChannel channel = new FrameChannel(new ControlPipes.Streams(new ByteArrayInputStream(new byte[0]), bytes))) {
      for (BytesOut frame : frames) {
        channel.send(frame);
      }
    }
    return bytes.toByteArray();
  }

  private static FrameChannel reading(byte[] bytes) {
    return new FrameChannel(new ControlPipes.Streams(new ByteArrayInputStream(bytes), new ByteArrayOutputStream()));
  }

  @Test
  void framesReadBackInOrder_largerThanTheBuffer_thenNullAtTheEnd() throws IOException {
    byte[] big = new byte[200_000];
    Arrays.fill(big, (byte) 7);
    byte[] bytes = written(FrameChannel.begin(FrameChannel.RESULT, 16).writeLong(42),
        FrameChannel.begin(FrameChannel.DONE, big.length).writeBytes(big));
    try (FrameChannel channel = reading(bytes)) {
      FrameChannel.Frame first = channel.read(Integer.MAX_VALUE);
      assertEquals(FrameChannel.RESULT, first.type());
      assertEquals(42, first.body().readLong());
      FrameChannel.Frame second = channel.read(Integer.MAX_VALUE);
      assertEquals(FrameChannel.DONE, second.type());
      assertArrayEquals(big, second.body().readBytes());
      assertNull(channel.read(Integer.MAX_VALUE), "the end between frames");
    }
  }

  @Test
  void aStreamEndingInsideAFrame_isAnError_notTheEnd() throws IOException {
    byte[] bytes = written(FrameChannel.begin(FrameChannel.RESULT, 16).writeLong(42));
    assertNull(reading(Arrays.copyOf(bytes, 3)).read(100), "inside the length: the peer is gone");
    assertThrows(EOFException.class, () -> reading(Arrays.copyOf(bytes, 4)).read(100));
    EOFException e = assertThrows(EOFException.class, () -> reading(Arrays.copyOf(bytes, bytes.length - 1)).read(100));
    assertTrue(e.getMessage().contains("cut short"), e.getMessage());
  }

  @Test
  void aFrameOverTheLimit_isRefusedBeforeItsBodyIsRead() throws IOException {
    byte[] bytes = written(FrameChannel.begin(FrameChannel.RESULT, 300).writeBytes(new byte[300]));
    IOException e = assertThrows(IOException.class, () -> reading(bytes).read(FrameChannel.HANDSHAKE_MAX));
    assertTrue(e.getMessage().contains("bad frame length"), e.getMessage());
  }
}
