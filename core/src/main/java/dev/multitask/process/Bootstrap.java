package dev.multitask.process;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a worker needs to find and prove itself to its parent, sent over the worker's standard
 * input (so the key never shows in {@code ps}).
 *
 * <pre>
 * int magic 'MTW2', utf socketPath, long workerId, 32 bytes key, long pid, long parentPid, utf runDirectory,
 *   (socketPath and runDirectory empty: the control channel is the inherited pipes)
 * boolean standby (warm up fully before reporting ready, rather than take a job at once),
 * int n, n × utf className (classes of recent jobs for a standby worker to load: {@link RecentClasses})
 * </pre>
 *
 * The worker's own pid comes from the parent, which spawned it: asking the JDK
 * ({@code ProcessHandle.current()}) costs a cold worker milliseconds, on the way to its first job.
 *
 * After it the lifeline carries at most one byte, {@link #RETIRE}, then end-of-file.
 */
record Bootstrap(String socketPath, long workerId, byte[] key, long pid, long parentPid, String runDirectory, boolean standby,
    List<String> preload) {
  private static final int MAGIC = 0x4d545732; // "MTW2"
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
      out.writeUTF(socketPath);
      out.writeLong(workerId);
      out.write(key);
      out.writeLong(pid);
      out.writeLong(parentPid);
      out.writeUTF(runDirectory);
      out.writeBoolean(standby);
      out.writeInt(preload.size());
      for (String name : preload) {
        out.writeUTF(name);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen with a byte array", e);
    }
    return bytes.toByteArray();
  }

  static Bootstrap read(InputStream stdin) throws IOException {
    DataInputStream in = new DataInputStream(stdin);
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException("standard input does not start with a multitask bootstrap (magic " + Integer.toHexString(magic)
          + "): WorkerMain is started by multitask, not by hand");
    }
    String socket = in.readUTF();
    long id = in.readLong();
    byte[] key = new byte[Handshake.KEY_BYTES];
    in.readFully(key);
    long pid = in.readLong();
    long parent = in.readLong();
    String runDir = in.readUTF();
    boolean standby = in.readBoolean();
    int n = in.readInt();
    if (n < 0 || n > RecentClasses.LIMIT) {
      throw new IOException("bad bootstrap: " + n + " classes to preload");
    }
    String[] preload = new String[n];
    for (int i = 0; i < n; i++) {
      preload[i] = in.readUTF();
    }
    return new Bootstrap(socket, id, key, pid, parent, runDir, standby, List.of(preload));
  }
}
