package dev.multitask.workers;

import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.BytesKey;
import dev.multitask.codec.Codec;
import dev.multitask.pool.MapFailedException;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chunk of a map: applies the function to consecutive items and returns their results; an item
 * that throws fails the chunk with a {@link MapFailedException} naming its index in the whole input.
 *
 * <p>For a worker process the function travels as bytes encoded once per map call, and the items
 * as a {@link Codec} array (one tag byte per number or string, not a serialized object each); the
 * worker decodes a function once and keeps it for the next chunks of the same call, as Python's
 * pool unpickles a function by reference.
 */
final class ChunkTask implements Task<Object[]>, Externalizable {
  @Serial private static final long serialVersionUID = 1L;
  /** Functions decoded in this (worker) JVM, by their bytes: the chunks of a few recent maps. */
  private static final Map<BytesKey, Fn<Object, Object>> DECODED = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<BytesKey, Fn<Object, Object>> eldest) {
      return size() > 16;
    }
  };

  private Fn<Object, Object> fn;
  private byte[] fnBytes;
  private long start;
  @SuppressWarnings("serial") // written by writeExternal, through the Codec
  private Object[] items;

  /** For deserialization only. */
  public ChunkTask() {}

  /**
   * @param fn the function (inline backends), or null
   * @param fnBytes its encoding (process backends), or null
   */
  ChunkTask(Fn<Object, Object> fn, byte[] fnBytes, long start, Object[] items) {
    this.fn = fn;
    this.fnBytes = fnBytes;
    this.start = start;
    this.items = items;
  }

  @Override
  public Object[] call() {
    Fn<Object, Object> f = fn != null ? fn : decoded(fnBytes);
    Object[] results = new Object[items.length];
    for (int i = 0; i < items.length; i++) {
      try {
        results[i] = f.apply(items[i]);
      } catch (Exception e) {
        throw new MapFailedException(start + i, e);
      }
    }
    return results;
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


  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    if (fnBytes == null) {
      throw new IllegalStateException("a chunk for a worker process needs its function encoded");
    }
    BytesOut encoded = new BytesOut(16 + items.length * 6);
    Codec.encode(items, encoded);
    byte[] itemBytes = encoded.toByteArray();
    out.writeInt(fnBytes.length);
    out.write(fnBytes);
    out.writeLong(start);
    out.writeInt(itemBytes.length);
    out.write(itemBytes);
  }

  @Override
  public void readExternal(ObjectInput in) throws IOException {
    fnBytes = new byte[in.readInt()];
    in.readFully(fnBytes);
    start = in.readLong();
    byte[] itemBytes = new byte[in.readInt()];
    in.readFully(itemBytes);
    items = (Object[]) Codec.decode(new BytesIn(itemBytes));
  }

  long start() {
    return start;
  }

  int size() {
    return items.length;
  }
}
