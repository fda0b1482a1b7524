package dev.multitask.process;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.process.startup.LambdaShape;
import dev.multitask.process.startup.Preload;
import dev.multitask.process.startup.RecentClasses;
import dev.multitask.wire.Handshake;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a worker needs to find and prove itself to its parent, sent over the worker's standard input
 * (so the key never shows in {@code ps}).
 *
 * <pre>
 * int magic 'MTW5', int length (of what follows),
 * str socketPath, long workerId, 32 bytes key, long pid, long parentPid, str runDirectory,
 *   (socketPath and runDirectory empty: the control channel is the inherited pipes)
 * byte standby (1: warm up fully before reporting ready, rather than take a job at once),
 * byte filterFree (1: the parent vouches that no deserialization filter is configured and no
 *   agent runs before main: {@link dev.multitask.codec.Codec#decodeFirst}),
 * str parentName, long grandparentPid, byte parentIsChild (who the parent is, for
 *   {@code Multitask.parentProcess()}: its name when it spawned the worker),
 * {@link Preload} (what a standby worker prepares, from the recent jobs: {@link RecentClasses}):
 *   int n, n × str className,
 *   int m, m × (str capturingClass, str functionalInterface, int length, length bytes) ({@link LambdaShape})
 * </pre>
 *
 * <p>A {@code str} is an int length and that many bytes of UTF-8; numbers are big-endian.
 *
 * <p>The worker's own pid comes from the parent, which spawned it: asking the JDK ({@code
 * ProcessHandle.current()}) costs a cold worker milliseconds, on the way to its first job.
 *
 * <p>After it the lifeline carries at most one byte, {@link #RETIRE}, then end-of-file.
 */
public record Bootstrap(
    String socketPath,
    long workerId,
    byte[] key,
    long pid,
    long parentPid,
    String runDirectory,
    boolean standby,
    boolean filterFree,
    Preload preload,
    String parentName,
    long grandparentPid,
    boolean parentIsChild) {
  private static final int MAGIC = 0x4d545736; // "MTW6"

  /** The magic and the body's length. */
  private static final int HEADER_BYTES = 8;

  /**
   * More than the largest preload: {@link RecentClasses#LIMIT} names and lambdas of {@link
   * LambdaShape#MAX_BYTES}.
   */
  private static final int MAX_BYTES = 1 << 20;

  /** Written on the lifeline by a parent that retires the worker on purpose, before closing it. */
  static final byte RETIRE = 'R';

  /**
   * A bootstrap from a parent that is a main process named {@code MainProcess} (tests, training).
   */
  Bootstrap(
      String socketPath,
      long workerId,
      byte[] key,
      long pid,
      long parentPid,
      String runDirectory,
      boolean standby,
      boolean filterFree,
      Preload preload) {
    this(
        socketPath,
        workerId,
        key,
        pid,
        parentPid,
        runDirectory,
        standby,
        filterFree,
        preload,
        "MainProcess",
        -1,
        false);
  }

  /**
   * Whether the control channel is the {@link dev.multitask.process.os.ControlPipes} on fds 3 and
   * 4, not a socket.
   */
  boolean usesPipes() {
    return socketPath.isEmpty();
  }

  public byte[] toBytes() {
    BytesOut out = new BytesOut(256).writeInt(MAGIC).writeInt(0); // the body's length, set below
    out.writeString(socketPath).writeLong(workerId);
    out.write(key, 0, key.length);
    out.writeLong(pid).writeLong(parentPid).writeString(runDirectory);
    out.writeByte(standby ? 1 : 0).writeByte(filterFree ? 1 : 0);
    out.writeString(parentName).writeLong(grandparentPid).writeByte(parentIsChild ? 1 : 0);
    out.writeInt(preload.classes().size());
    for (String name : preload.classes()) {
      out.writeString(name);
    }
    out.writeInt(preload.lambdas().size());
    for (LambdaShape lambda : preload.lambdas()) {
      out.writeString(lambda.capturingClass())
          .writeString(lambda.functionalInterface())
          .writeBytes(lambda.encoded());
    }
    out.putInt(Integer.BYTES, out.size() - HEADER_BYTES);
    return out.toByteArray();
  }

  /**
   * Reads a bootstrap from {@code stdin}, and not a byte past it (the lifeline follows): the
   * header, then the body in one read, as a fresh JVM pays for each call into its streams. The body
   * is read with {@link BytesIn}: {@code DataInputStream} reads numbers through a {@code
   * VarHandle}, whose first use costs a cold worker ~2 ms.
   */
  static Bootstrap read(InputStream stdin) throws IOException {
    BytesIn header = new BytesIn(stdin.readNBytes(HEADER_BYTES));
    int magic = header.remaining() == HEADER_BYTES ? header.readInt() : -1;
    if (magic != MAGIC) {
      throw new IOException(
          "standard input does not start with a multitask bootstrap (magic "
              + Integer.toHexString(magic)
              + "): WorkerMain is started by multitask, not by hand");
    }
    int length = header.readInt();
    if (length < 0 || length > MAX_BYTES) {
      throw new IOException("bad bootstrap: " + length + " bytes");
    }
    byte[] body = stdin.readNBytes(length);
    if (body.length != length) {
      throw new IOException("bad bootstrap: " + body.length + " of its " + length + " bytes");
    }
    try {
      return read(new BytesIn(body));
    } catch (IllegalArgumentException truncated) {
      throw new IOException("bad bootstrap: " + truncated.getMessage(), truncated);
    }
  }

  private static Bootstrap read(BytesIn in) throws IOException {
    String socket = string(in);
    long id = in.readLong();
    byte[] key = new byte[Handshake.KEY_BYTES];
    if (in.read(key, 0, key.length) != key.length) {
      throw new IOException("bad bootstrap: a short key");
    }
    long pid = in.readLong();
    long parent = in.readLong();
    String runDir = string(in);
    boolean standby = in.readByte() != 0;
    boolean filterFree = in.readByte() != 0;
    String parentName = string(in);
    long grandparent = in.readLong();
    boolean parentIsChild = in.readByte() != 0;
    String[] classes = new String[count(in, "classes")];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = string(in);
    }
    LambdaShape[] lambdas = new LambdaShape[count(in, "lambdas")];
    for (int i = 0; i < lambdas.length; i++) {
      String capturing = string(in);
      String face = string(in);
      byte[] encoded = in.readBytes();
      if (encoded.length < 1 || encoded.length > LambdaShape.MAX_BYTES) {
        throw new IOException("bad bootstrap: a lambda of " + encoded.length + " bytes");
      }
      lambdas[i] = new LambdaShape(capturing, face, encoded);
    }
    return new Bootstrap(
        socket,
        id,
        key,
        pid,
        parent,
        runDir,
        standby,
        filterFree,
        new Preload(List.of(classes), List.of(lambdas)),
        parentName,
        grandparent,
        parentIsChild);
  }

  private static String string(BytesIn in) throws IOException {
    String s = in.readString();
    if (s == null) {
      throw new IOException("bad bootstrap: a missing string");
    }
    return s;
  }

  /** Reads how many {@code what} to preload follow, at most {@link RecentClasses#LIMIT}. */
  private static int count(BytesIn in, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > RecentClasses.LIMIT) {
      throw new IOException("bad bootstrap: " + n + " " + what + " to preload");
    }
    return n;
  }
}
