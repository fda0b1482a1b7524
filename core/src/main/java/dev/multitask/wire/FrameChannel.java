package dev.multitask.wire;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * Length-prefixed frames over a byte channel (a Unix-domain socket, or the parent's ends of a
 * worker's control pipes, as its parent holds them) or over a pair of streams (the worker's ends).
 * One reader thread; writers serialize on the channel's own lock.
 *
 * <p>{@link WireDescriptor} draws the frames and the protocol.
 *
 * <p>Public for the manager server ({@code dev.multitask.manager}), which frames its TCP
 * connections the same way, with types of its own above the handshake's.
 */
public final class FrameChannel implements Closeable {

  /** A body up to this size is read into an array of its full size at once. */
  private static final int WHOLE_BODY = 1 << 20;

  /** A frame whose stated length is over the reader's limit; nothing of its body was read. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The stated length, and the limit. */
    public final long length, limit;

    TooLargeException(long length, long limit) {
      super("bad frame length " + length + ": more than the limit of " + limit + " bytes");
      this.length = length;
      this.limit = limit;
    }
  }

  /**
   * Why a frame of {@code length} bytes cannot go: {@code what} it carries, its size and the limit.
   *
   * @return the reason, or null if it may go
   */
  public static String tooLarge(String what, long length) {
    return length <= WireDescriptor.MAX_FRAME
        ? null
        : what
            + " is "
            + length
            + " bytes encoded, more than the "
            + WireDescriptor.MAX_FRAME
            + " ("
            + (WireDescriptor.MAX_FRAME >> 20)
            + " MiB) a frame between a parent and its worker may carry: send large data through a"
            + " queue or SharedMemory instead";
  }

  /** A received frame. */
  public record Frame(byte type, BytesIn body) {}

  /**
   * Read a byte array at a time: {@code DataInputStream.readInt} goes through a {@code VarHandle},
   * which costs a cold worker ~2 ms to link on its way to the first job.
   */
  private final InputStream in;

  /** Where frames go: {@code channel}, or else {@code out}. */
  private final GatheringByteChannel channel;

  private final OutputStream out;

  /** What {@link #close} closes. */
  private final Closeable[] ends;

  public FrameChannel(SocketChannel socket) {
    this(Channels.newInputStream(socket), socket, null, new Closeable[] {socket});
  }

  /**
   * Over two channels, such as a worker's control pipes as its parent holds them: closing the frame
   * channel closes both, which wakes a thread blocked reading {@code in}.
   */
  public FrameChannel(ReadableByteChannel in, GatheringByteChannel out) {
    this(Channels.newInputStream(in), out, null, new Closeable[] {in, out});
  }

  /**
   * Over streams, such as a worker's ends of its control pipes; closing it does not wake a thread
   * blocked reading {@code in}.
   */
  public FrameChannel(InputStream in, OutputStream out) {
    this(in, null, out, new Closeable[] {in, out});
  }

  private FrameChannel(
      InputStream source, GatheringByteChannel channel, OutputStream out, Closeable[] ends) {
    this.in = new BufferedInputStream(source, 1 << 16);
    this.channel = channel;
    this.out = out;
    this.ends = ends;
  }

  /** Starts a frame of {@code type}; write the payload, then {@link #send(BytesOut)}. */
  public static BytesOut begin(byte type, int sizeHint) {
    BytesOut out = new BytesOut(sizeHint + 5);
    out.writeInt(0);
    out.writeByte(type);
    return out;
  }

  public void send(BytesOut frame) throws IOException {
    frame.putInt(0, frame.size() - 4);
    synchronized (this) {
      if (channel == null) {
        out.write(frame.array(), 0, frame.size());
        return;
      }
      ByteBuffer buffer = ByteBuffer.wrap(frame.array(), 0, frame.size());
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
  public record Outgoing(BytesOut head, byte[] body, int bodyLength) {}

  /** Sends several frames with one gathering write where the channel takes them. */
  public void send(java.util.List<Outgoing> frames) throws IOException {
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
      if (channel == null) {
        for (ByteBuffer buffer : buffers) {
          out.write(buffer.array(), 0, buffer.limit());
        }
        return;
      }
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
  public Frame read(int maxLength) throws IOException {
    byte[] head = new byte[5]; // int length (of type and body), byte type
    int got = in.readNBytes(head, 0, head.length);
    if (got < Integer.BYTES) {
      return null; // the peer is gone
    }
    if (got < head.length) {
      throw new EOFException("a frame cut short after its length");
    }
    int length = new BytesIn(head).readInt();
    if (length < 1) {
      throw new IOException("bad frame length " + length);
    }
    if (length > maxLength) {
      throw new TooLargeException(length, maxLength);
    }
    return new Frame(head[4], new BytesIn(body(length - 1)));
  }

  /** Reads a body of {@code length} bytes; a large one grows as its bytes come, not at once. */
  private byte[] body(int length) throws IOException {
    byte[] body = new byte[Math.min(length, WHOLE_BODY)];
    int got = 0;
    while (true) {
      int n = in.readNBytes(body, got, body.length - got);
      got += n;
      if (got < body.length) {
        throw new EOFException(
            "a frame cut short: " + length + " bytes expected, " + got + " came");
      }
      if (got == length) {
        return body;
      }
      body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
    }
  }

  /** Closes both directions; a thread blocked reading wakes with an exception. */
  @Override
  public void close() {
    for (Closeable c : ends) {
      try {
        c.close();
      } catch (IOException ignored) {
        // the channel is being dropped: the descriptor is released even when close reports an
        // error, and nothing reads or writes this channel after close
      }
    }
  }
}
