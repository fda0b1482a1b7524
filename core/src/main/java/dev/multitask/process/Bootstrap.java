package dev.multitask.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a worker needs to find and prove itself to its parent, sent over the worker's standard
 * input (so the key never shows in {@code ps}).
 *
 * <pre>
 * int magic 'MTW4', int length (of what follows),
 * utf socketPath, long workerId, 32 bytes key, long pid, long parentPid, utf runDirectory,
 *   (socketPath and runDirectory empty: the control channel is the inherited pipes)
 * boolean standby (warm up fully before reporting ready, rather than take a job at once),
 * boolean filterFree (the parent vouches that no deserialization filter is configured and no
 *   agent runs before main: {@link dev.multitask.codec.Codec#decodeFirst}),
 * {@link Preload} (what a standby worker prepares, from the recent jobs: {@link RecentClasses}):
 *   int n, n × utf className,
 *   int m, m × (utf capturingClass, utf functionalInterface, int length, length bytes) ({@link LambdaShape})
 * </pre>
 *
 * The worker's own pid comes from the parent, which spawned it: asking the JDK
 * ({@code ProcessHandle.current()}) costs a cold worker milliseconds, on the way to its first job.
 *
 * After it the lifeline carries at most one byte, {@link #RETIRE}, then end-of-file.
 */
record Bootstrap(String socketPath, long workerId, byte[] key, long pid, long parentPid, String runDirectory, boolean standby,
    boolean filterFree, Preload preload) {
  private static final int MAGIC = 0x4d545734; // "MTW4"
  /** The magic and the body's length. */
  private static final int HEADER_BYTES = 8;
  /** More than the largest preload: {@link RecentClasses#LIMIT} names and lambdas of {@link LambdaShape#MAX_BYTES}. */
  private static final int MAX_BYTES = 1 << 20;
  /** Written on the lifeline by a parent that retires the worker on purpose, before closing it. */
  static final byte RETIRE = 'R';

  /** Whether the control channel is the {@link dev.multitask.os.ControlPipes} on fds 3 and 4, not a socket. */
  boolean usesPipes() {
    return socketPath.isEmpty();
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(0); // the body's length, set below
      out.writeUTF(socketPath);
      out.writeLong(workerId);
      out.write(key);
      out.writeLong(pid);
      out.writeLong(parentPid);
      out.writeUTF(runDirectory);
      out.writeBoolean(standby);
      out.writeBoolean(filterFree);
      out.writeInt(preload.classes().size());
      for (String name : preload.classes()) {
        out.writeUTF(name);
      }
      out.writeInt(preload.lambdas().size());
      for (LambdaShape lambda : preload.lambdas()) {
        out.writeUTF(lambda.capturingClass());
        out.writeUTF(lambda.functionalInterface());
        out.writeInt(lambda.encoded().length);
        out.write(lambda.encoded());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen with a byte array", e);
    }
    byte[] all = bytes.toByteArray();
    ByteBuffer.wrap(all).putInt(Integer.BYTES, all.length - HEADER_BYTES);
    return all;
  }

  /**
   * Reads a bootstrap from {@code stdin}, and not a byte past it (the lifeline follows): the
   * header, then the body in one read, as a fresh JVM pays for each call into its streams.
   */
  static Bootstrap read(InputStream stdin) throws IOException {
    ByteBuffer header = ByteBuffer.wrap(stdin.readNBytes(HEADER_BYTES));
    int magic = header.remaining() == HEADER_BYTES ? header.getInt() : -1;
    if (magic != MAGIC) {
      throw new IOException("standard input does not start with a multitask bootstrap (magic " + Integer.toHexString(magic)
          + "): WorkerMain is started by multitask, not by hand");
    }
    int length = header.getInt();
    if (length < 0 || length > MAX_BYTES) {
      throw new IOException("bad bootstrap: " + length + " bytes");
    }
    byte[] body = stdin.readNBytes(length);
    if (body.length != length) {
      throw new IOException("bad bootstrap: " + body.length + " of its " + length + " bytes");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
    String socket = in.readUTF();
    long id = in.readLong();
    byte[] key = new byte[Handshake.KEY_BYTES];
    in.readFully(key);
    long pid = in.readLong();
    long parent = in.readLong();
    String runDir = in.readUTF();
    boolean standby = in.readBoolean();
    boolean filterFree = in.readBoolean();
    String[] classes = new String[count(in, "classes")];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = in.readUTF();
    }
    LambdaShape[] lambdas = new LambdaShape[count(in, "lambdas")];
    for (int i = 0; i < lambdas.length; i++) {
      String capturing = in.readUTF();
      String face = in.readUTF();
      int size = in.readInt();
      if (size < 1 || size > LambdaShape.MAX_BYTES) {
        throw new IOException("bad bootstrap: a lambda of " + size + " bytes");
      }
      byte[] encoded = new byte[size];
      in.readFully(encoded);
      lambdas[i] = new LambdaShape(capturing, face, encoded);
    }
    return new Bootstrap(socket, id, key, pid, parent, runDir, standby, filterFree, new Preload(List.of(classes), List.of(lambdas)));
  }

  /** Reads how many {@code what} to preload follow, at most {@link RecentClasses#LIMIT}. */
  private static int count(DataInputStream in, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > RecentClasses.LIMIT) {
      throw new IOException("bad bootstrap: " + n + " " + what + " to preload");
    }
    return n;
  }
}
