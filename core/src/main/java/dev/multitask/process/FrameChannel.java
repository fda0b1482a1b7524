package dev.multitask.process;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.os.ControlPipes;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/**
 * Length-prefixed frames over a byte channel: a Unix-domain socket, or a worker's two
 * {@link dev.multitask.os.ControlPipes}. One reader thread; writers serialize on the channel's
 * own lock.
 *
 * <pre>
 * int length (of what follows), byte type, payload
 * </pre>
 */
final class FrameChannel implements Closeable {
  static final byte HELLO = 1, CHALLENGE = 2, PROOF = 3, RUN = 10, RESULT = 11, FAILURE = 12, EXITING = 13, DONE = 14;
  /** Frames before authentication are small and fixed; anything larger is an attack or a bug. */
  static final int HANDSHAKE_MAX = 256;

  /** A received frame. */
  record Frame(byte type, BytesIn body) {}

  private final ReadableByteChannel source;
  private final GatheringByteChannel channel;
  private final DataInputStream in;

  FrameChannel(SocketChannel socket) {
    this(socket, socket);
  }

  FrameChannel(ControlPipes pipes) {
    this(pipes.in(), pipes.out());
  }

  private FrameChannel(ReadableByteChannel source, GatheringByteChannel sink) {
    this.source = source;
    this.channel = sink;
    this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(source), 1 << 16));
  }

  /** Starts a frame of {@code type}; write the payload, then {@link #send(BytesOut)}. */
  static BytesOut begin(byte type, int sizeHint) {
    BytesOut out = new BytesOut(sizeHint + 5);
    out.writeInt(0);
    out.writeByte(type);
    return out;
  }

  void send(BytesOut frame) throws IOException {
    frame.putInt(0, frame.size() - 4);
    ByteBuffer buffer = ByteBuffer.wrap(frame.array(), 0, frame.size());
    synchronized (this) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  /**
   * A frame to send as its head (from {@link #begin}) followed by a body that is not copied into
   * it; the head's length field covers both.
   *
   * @param head the frame's start
   * @param body holds the rest of its payload
   * @param bodyLength how many bytes of {@code body}, from its start, are the payload
   */
  record Outgoing(BytesOut head, byte[] body, int bodyLength) {}

  /** Sends several frames with one gathering write where the channel takes them. */
  void send(java.util.List<Outgoing> frames) throws IOException {
    ByteBuffer[] buffers = new ByteBuffer[frames.size() * 2];
    long total = 0;
    for (int i = 0; i < frames.size(); i++) {
      Outgoing frame = frames.get(i);
      BytesOut head = frame.head();
      head.putInt(0, head.size() - 4 + frame.bodyLength());
      buffers[2 * i] = ByteBuffer.wrap(head.array(), 0, head.size());
      buffers[2 * i + 1] = ByteBuffer.wrap(frame.body(), 0, frame.bodyLength());
      total += head.size() + frame.bodyLength();
    }
    synchronized (this) {
      for (long written = 0; written < total; ) {
        written += channel.write(buffers);
      }
    }
  }

  /**
   * Reads the next frame.
   *
   * @param maxLength the largest frame accepted
   * @return the frame, or null at a clean end of stream
   * @throws IOException on a broken or oversized frame
   */
  Frame read(int maxLength) throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (length < 1 || length > maxLength) {
      throw new IOException("bad frame length " + length + " (limit " + maxLength + ")");
    }
    byte type = in.readByte();
    byte[] body = new byte[length - 1];
    in.readFully(body);
    return new Frame(type, new BytesIn(body));
  }

  /** Closes both directions; a thread blocked reading wakes with an exception. */
  @Override
  public void close() {
    for (Closeable c : source == channel ? new Closeable[] {channel} : new Closeable[] {source, channel}) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing a broken channel
      }
    }
  }
}
