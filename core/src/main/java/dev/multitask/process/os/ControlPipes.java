package dev.multitask.process.os;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * A worker's control channel as two pipes its parent made before spawning it, one each way.
 *
 * <pre>
 *   parent                               child
 *   toChild   (write end) ──── pipe ───▶ fd 3 (read end)
 *   fromChild (read end)  ◀─── pipe ──── fd 4 (write end)
 * </pre>
 *
 * <p>Why pipes and not a Unix-domain socket: the JDK initializes {@code SecureRandom} the first
 * time a JVM touches a Unix-domain socket (it names temporary sockets with it), which costs a fresh
 * worker JVM some 40 ms, a third of a cold start. A pipe is a plain file to Java.
 *
 * <p>Both sides reopen their ends through {@code /proc/self/fd}, which needs no native code in the
 * child. The parent's are {@link FileChannel}s: closing one wakes a thread blocked reading it
 * (HotSpot's exit otherwise waits up to 300 ms for threads blocked in native code). The child's are
 * plain {@link Streams}, which are cheaper to run cold. The parent then closes its raw descriptors,
 * and the child's ends are closed in the parent, so end-of-file on either side still means the
 * other side has gone.
 *
 * @param in what this side reads
 * @param out what this side writes
 */
public record ControlPipes(FileChannel in, FileChannel out) {
  /** The child's descriptors: its read end and its write end. */
  public static final int CHILD_IN_FD = 3, CHILD_OUT_FD = 4;

  /**
   * The child's side as plain streams on its inherited descriptors 3 and 4: fewer layers of JDK
   * code between a frame and its system call than a {@link FileChannel}'s, which a fresh worker
   * runs in the interpreter (some 100 µs less per read and per write there). A thread blocked
   * reading one is not woken by closing it, which the child never needs: it ends by {@code _exit}.
   */
  public static Streams inheritedStreams() throws IOException {
    return streams(fdFile(CHILD_IN_FD), fdFile(CHILD_OUT_FD));
  }

  /**
   * Streams reading {@code in} and writing {@code out}, opened as {@link #inheritedStreams()} opens
   * them: a worker's AOT training runs through here (on a file of its own), so that a worker's
   * cache holds this class and a cold worker does not read it from its jar.
   */
  public static Streams streams(File in, File out) throws IOException {
    FileInputStream input = new FileInputStream(in);
    try {
      return new Streams(input, new FileOutputStream(out));
    } catch (IOException | RuntimeException e) {
      input.close();
      throw e;
    }
  }

  /**
   * One side of the control pipes as streams.
   *
   * @param in what this side reads
   * @param out what this side writes
   */
  public record Streams(InputStream in, OutputStream out) implements Closeable {
    /** Closes both streams. */
    @Override
    public void close() throws IOException {
      try (out) {
        in.close();
      }
    }
  }

  /**
   * Opens channels on descriptors {@code inFd} (to read) and {@code outFd} (to write) of this
   * process.
   */
  static ControlPipes open(int inFd, int outFd) throws IOException {
    FileChannel in = FileChannel.open(fdFile(inFd).toPath(), StandardOpenOption.READ);
    try {
      return new ControlPipes(
          in, FileChannel.open(fdFile(outFd).toPath(), StandardOpenOption.WRITE));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Closes both channels. */
  public void close() {
    for (FileChannel channel : new FileChannel[] {in, out}) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the descriptor is released even when close reports an error, and nothing uses the
        // channel after this
      }
    }
  }

  /**
   * A {@link File}, not a {@code Path}: a worker's first {@code Path} sets up NIO's file system (~1
   * ms cold).
   */
  private static File fdFile(int fd) {
    // concat, not +: a fresh worker would pay some 9 ms for bootstrapping string concatenation
    return new File("/proc/self/fd/".concat(Integer.toString(fd)));
  }
}
