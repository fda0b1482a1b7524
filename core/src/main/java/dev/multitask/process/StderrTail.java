package dev.multitask.process;

import dev.multitask.engine.pool.ChunkTask;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * The last {@value #CAPACITY} bytes a pool worker wrote to {@code System.err}, kept in shared
 * memory so that the pool can quote them after the worker died, even by SIGKILL. The worker tees
 * its {@code System.err} into it ({@link #install}); the pool reads it ({@link #read}).
 *
 * <p>The same segment tells which task the worker started last ({@link #started}), and which item
 * of a map chunk it runs: after a death, the pool can tell the task that was running from those
 * handed over but never begun, and within a chunk the item that was running.
 *
 * <pre>
 * offset size
 *      0    8  bytes written so far (release-stored after the bytes)
 *      8    8  frame id of the task the worker started last (release-stored before it runs)
 *     16    8  index in its map's input of the chunk item the worker runs, -1 before the first
 *              (-1 stored before the frame id; the index plain-stored as each item begins)
 *     64  CAP  the last CAP bytes, circular: byte n at 64 + n % CAP
 * </pre>
 *
 * One writer (the worker's {@code System.err}, which serializes its callers); output written by the
 * JVM itself outside {@code System.err} (a native crash report) is not seen.
 */
final class StderrTail implements AutoCloseable {
  static final int CAPACITY = 4096;
  private static final long DATA = 64;

  private static final long STARTED = 8;
  private static final long ITEM = 16;

  /** The worker's side: its tail's memory once {@link #install}ed. */
  private static volatile MemorySegment mine;

  private final SharedSegment segment;
  private volatile boolean closed;

  private StderrTail(SharedSegment segment) {
    this.segment = segment;
  }

  /** The pool's side: a new, empty tail. */
  static StderrTail create() {
    return new StderrTail(SharedSegment.create(DATA + CAPACITY));
  }

  String name() {
    return segment.name();
  }

  /** The tail as text: at most the last {@value #CAPACITY} bytes, from the first whole line. */
  String read() {
    if (closed) {
      return "";
    }
    MemorySegment m = segment.memory();
    long written = MemoryAccess.longAcquire(m, 0);
    int length = (int) Math.min(written, CAPACITY);
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      long n = written - length + i;
      bytes[i] = m.get(ValueLayout.JAVA_BYTE, DATA + n % CAPACITY);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int firstLine = written > CAPACITY ? text.indexOf('\n') + 1 : 0;
    return text.substring(firstLine).strip();
  }

  /**
   * The frame id of the task the worker started last, 0 if none (pool side, before {@link
   * #close()}).
   */
  long startedId() {
    return closed ? 0 : MemoryAccess.longAcquire(segment.memory(), STARTED);
  }

  /**
   * The index in its map's input of the chunk item that ran when the worker died, or -1 if it began
   * none of its task's items (pool side, once the worker has ended, before {@link #close()}).
   */
  long itemIndex() {
    return closed ? -1 : MemoryAccess.longAcquire(segment.memory(), ITEM);
  }

  /**
   * The worker's side: records that the task of frame {@code id} starts now; nothing before {@link
   * #install}.
   */
  static void started(long id) {
    MemorySegment m = mine;
    if (m != null) {
      MemoryAccess.setLongPlain(m, ITEM, -1);
      MemoryAccess.setLongRelease(m, STARTED, id);
    }
  }

  /**
   * The worker's side: records that the map item of input index {@code index} begins. A plain
   * store: the pool reads it after the worker's end, and a process's stores outlive it. A class,
   * not a lambda, which would cost a worker its bootstrap.
   */
  private static final class ItemStarts implements LongConsumer {
    private final MemorySegment m;

    ItemStarts(MemorySegment m) {
      this.m = m;
    }

    @Override
    public void accept(long index) {
      MemoryAccess.setLongPlain(m, ITEM, index);
    }
  }

  @Override
  public void close() {
    closed = true;
    segment.close();
  }

  /** The worker's side: tees {@code System.err} into the tail named {@code name}; once per JVM. */
  static synchronized void install(String name) {
    if (System.err instanceof TeePrintStream) {
      return;
    }
    SharedSegment segment = SharedSegment.attach(name);
    mine = segment.memory();
    ChunkTask.reportItemsTo(new ItemStarts(segment.memory()));
    System.setErr(new TeePrintStream(System.err, segment.memory()));
  }

  private static final class TeePrintStream extends PrintStream {
    TeePrintStream(PrintStream original, MemorySegment m) {
      super(
          new OutputStream() {
            @Override
            public void write(int b) {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
              original.write(b, off, len);
              long written = MemoryAccess.longPlain(m, 0);
              int from = Math.max(0, len - CAPACITY);
              for (int i = from; i < len; i++) {
                m.set(ValueLayout.JAVA_BYTE, DATA + (written + i) % CAPACITY, b[off + i]);
              }
              MemoryAccess.setLongRelease(m, 0, written + len);
            }

            @Override
            public void flush() {
              original.flush();
            }
          },
          true);
    }
  }
}
