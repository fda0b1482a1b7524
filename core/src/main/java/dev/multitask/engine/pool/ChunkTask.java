package dev.multitask.engine.pool;

import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesKey;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.pool.MapFailedException;
import java.io.Serial;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A chunk of a map: applies the function to consecutive items and returns their results; an item
 * that throws (an exception or an error) fails the chunk with a {@link MapFailedException} naming
 * its index in the whole input.
 *
 * <p>For a worker process the chunk travels in its own form ({@link #encode()}, no JDK
 * serialization): the function as bytes encoded once per map call, and the items as a {@link Codec}
 * array (one tag byte per number or string, not a serialized object each); the worker decodes a
 * function once and keeps it for the next chunks of the same call, as Python's pool unpickles a
 * function by reference.
 */
public final class ChunkTask implements Task<Object[]> {
  @Serial private static final long serialVersionUID = 1L;

  /** Functions decoded in this (worker) JVM, by their bytes: the chunks of a few recent maps. */
  private static final Map<BytesKey, Fn<Object, Object>> DECODED =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BytesKey, Fn<Object, Object>> eldest) {
          return size() > 16;
        }
      };

  /**
   * Told the input index of each item as it begins, in a pool's worker process (see {@link
   * #reportItemsTo}); null elsewhere. Set once by the serving thread, which runs the chunks.
   */
  private static LongConsumer itemStarts;

  /** The thread whose chunks {@link #itemStarts} hears of: not a map's that a task runs inside. */
  private static Thread itemStartsThread;

  private Fn<Object, Object> fn;
  private byte[] fnBytes;
  private long start;

  @SuppressWarnings("serial") // a worker process gets it through encode(), not JDK serialization
  private List<?> items;

  /**
   * A chunk: the function as an object (to run in this JVM) or its encoding (to travel), the index
   * of the first item in the whole input, and the items.
   *
   * @param fn the function (workers in this JVM), or null
   * @param fnBytes its encoding (workers elsewhere), or null
   * @param start the index of the first item in the whole input
   * @param items the items: a snapshot for workers in this JVM; for workers elsewhere a view of the
   *     input is enough, since {@link #encode()} reads it at once
   */
  public ChunkTask(Fn<Object, Object> fn, byte[] fnBytes, long start, List<?> items) {
    this.fn = fn;
    this.fnBytes = fnBytes;
    this.start = start;
    this.items = items;
  }

  /**
   * From now on, each item that begins in this JVM is told to {@code starts} with its index in the
   * whole input, when the calling thread runs it: a pool's worker process records it where the pool
   * can read it after a death, so that only that item is charged with it. For the thread that runs
   * chunks, before the first.
   *
   * @param starts the listener
   */
  public static void reportItemsTo(LongConsumer starts) {
    itemStartsThread = Thread.currentThread();
    itemStarts = starts;
  }

  @Override
  public Object[] call() {
    Fn<Object, Object> f = fn != null ? fn : decoded(fnBytes);
    LongConsumer starts = itemStartsThread == Thread.currentThread() ? itemStarts : null;
    Object[] results = new Object[items.size()];
    for (int i = 0; i < results.length; i++) {
      if (starts != null) {
        starts.accept(start + i);
      }
      try {
        results[i] = f.apply(items.get(i));
      } catch (Exception | Error e) {
        // an Error too (a StackOverflowError, an OutOfMemoryError): it is the item's, and goes
        // on as the cause, where the pool finds it (a worker that ran out of memory is replaced)
        throw new MapFailedException(start + i, e);
      }
    }
    return results;
  }

  /**
   * Items {@code from} (inclusive) to {@code to} (exclusive) of this chunk, as a chunk of their own
   * (their indexes in the whole input kept).
   *
   * @param from the first item, counted from the chunk's start
   * @param to past the last item
   * @return the new chunk
   */
  public ChunkTask slice(int from, int to) {
    return new ChunkTask(
        fn, fnBytes, start + from, Arrays.asList(items.subList(from, to).toArray()));
  }

  @SuppressWarnings("unchecked")
  private static Fn<Object, Object> decoded(byte[] bytes) {
    BytesKey key = new BytesKey(bytes);
    synchronized (DECODED) {
      Fn<Object, Object> f = DECODED.get(key);
      if (f == null) {
        f = (Fn<Object, Object>) Codec.decode(bytes);
        DECODED.put(key, f);
      }
      return f;
    }
  }

  /**
   * The chunk as a worker process reads it ({@link #decode}), without JDK serialization: {@code int
   * fnLength, fn bytes, long start, Codec items} (packed when they are all Integers, Longs or
   * Doubles). The function must be encoded.
   *
   * @return the encoding: {@code size()} bytes of its {@code array()}
   */
  public BytesOut encode() {
    if (fnBytes == null) {
      throw new IllegalStateException("a chunk for a worker process needs its function encoded");
    }
    BytesOut out =
        new BytesOut(32 + fnBytes.length + items.size() * 5); // small numbers: 4 or 5 bytes each
    out.writeBytes(fnBytes).writeLong(start);
    Codec.encodeArray(items, out);
    return out;
  }

  /** Reads what {@link #encode()} wrote. */
  public static ChunkTask decode(byte[] bytes) {
    BytesIn in = new BytesIn(bytes);
    byte[] fn = in.readBytes();
    long start = in.readLong();
    Object[] items = (Object[]) Codec.decode(in);
    return new ChunkTask(null, fn, start, Arrays.asList(items));
  }
}
