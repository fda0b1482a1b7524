package dev.multitask.redis.sync;

import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisObject;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Shared numbers in Redis: a long ({@code INCRBY}, exact), a double (its exact decimal form,
 * updated by compare-and-set), and arrays of either (one hash field per element). Each comes with
 * its own {@link RedisLock} for compound updates. Every operation is one atomic server step.
 */
public final class RedisShared {
  private RedisShared() {}

  private static String text(byte[] v, String absent) {
    return v == null ? absent : new String(v, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Object o) {
    return String.valueOf(o).getBytes(StandardCharsets.UTF_8);
  }

  /** A long. */
  public static final class Long64 extends RedisObject implements SharedLong {
    @Serial private static final long serialVersionUID = 1L;
    private final RedisLock lock;

    /**
     * A new shared long at {@code key}.
     *
     * @param redis the client
     * @param key the key
     * @param initial the value
     */
    public Long64(Redis redis, String key, long initial) {
      super(redis, key);
      this.lock = new RedisLock(redis, key + ":lock", true);
      redis.call(c -> c.set(key, bytes(initial)));
    }

    @Override
    public long get() {
      return Long.parseLong(text(redis().call(c -> c.get(key)), "0"));
    }

    @Override
    public void set(long value) {
      redis().call(c -> c.set(key, bytes(value)));
    }

    @Override
    public long addAndGet(long delta) {
      return redis().call(c -> c.incrby(key, delta));
    }

    @Override
    public long getAndAdd(long delta) {
      return addAndGet(delta) - delta;
    }

    @Override
    public boolean compareAndSet(long expected, long value) {
      return redis().scripts().integer(Lua.CAS, List.of(key), expected, value, "0") == 1;
    }

    @Override
    public Lock lock() {
      return lock;
    }

    @Override
    public String toString() {
      return "SharedLong[" + key + "]";
    }
  }

  /** A double, kept as its exact decimal form ({@link Double#toString}). */
  public static final class Double64 extends RedisObject implements SharedDouble {
    @Serial private static final long serialVersionUID = 1L;
    private final RedisLock lock;

    /**
     * A new shared double at {@code key}.
     *
     * @param redis the client
     * @param key the key
     * @param initial the value
     */
    public Double64(Redis redis, String key, double initial) {
      super(redis, key);
      this.lock = new RedisLock(redis, key + ":lock", true);
      redis.call(c -> c.set(key, bytes(Double.toString(initial))));
    }

    private String raw() {
      return text(redis().call(c -> c.get(key)), "0.0");
    }

    @Override
    public double get() {
      return Double.parseDouble(raw());
    }

    @Override
    public void set(double value) {
      redis().call(c -> c.set(key, bytes(Double.toString(value))));
    }

    @Override
    public double addAndGet(double delta) {
      while (true) {
        String cur = raw();
        double next = Double.parseDouble(cur) + delta;
        if (redis().scripts().integer(Lua.CAS, List.of(key), cur, Double.toString(next), "0.0")
            == 1) {
          return next;
        }
      }
    }

    @Override
    public boolean compareAndSet(double expected, double value) {
      String cur = raw();
      if (Double.doubleToLongBits(Double.parseDouble(cur)) != Double.doubleToLongBits(expected)) {
        return false;
      }
      return redis().scripts().integer(Lua.CAS, List.of(key), cur, Double.toString(value), "0.0")
          == 1;
    }

    @Override
    public Lock lock() {
      return lock;
    }

    @Override
    public String toString() {
      return "SharedDouble[" + key + "]";
    }
  }

  /** Checks an index. */
  private static void check(int index, int length) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + length);
    }
  }

  /** An array of longs: hash field i holds element i (absent: 0). */
  public static final class LongArray extends RedisObject implements SharedLongArray {
    @Serial private static final long serialVersionUID = 1L;
    private final int length;
    private final RedisLock lock;

    /**
     * A new, zeroed array at {@code key}.
     *
     * @param redis the client
     * @param key the key
     * @param length the length
     */
    public LongArray(Redis redis, String key, int length) {
      super(redis, key);
      this.length = length;
      this.lock = new RedisLock(redis, key + ":lock", true);
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public long get(int index) {
      check(index, length);
      return Long.parseLong(text(redis().call(c -> c.hget(key, Integer.toString(index))), "0"));
    }

    @Override
    public void set(int index, long value) {
      check(index, length);
      redis().call(c -> c.hset(key, Integer.toString(index), bytes(value)));
    }

    @Override
    public long addAndGet(int index, long delta) {
      check(index, length);
      return redis().call(c -> c.hincrby(key, Integer.toString(index), delta));
    }

    @Override
    public boolean compareAndSet(int index, long expected, long value) {
      check(index, length);
      return redis().scripts().integer(Lua.HCAS, List.of(key), index, expected, value, "0") == 1;
    }

    @Override
    public long[] toArray() {
      var all = redis().call(c -> c.hgetall(key));
      long[] a = new long[length];
      all.forEach((f, v) -> a[Integer.parseInt(f)] = Long.parseLong(text(v, "0")));
      return a;
    }

    @Override
    public Lock lock() {
      return lock;
    }
  }

  /** An array of doubles: hash field i holds element i's exact decimal form (absent: 0.0). */
  public static final class DoubleArray extends RedisObject implements SharedDoubleArray {
    @Serial private static final long serialVersionUID = 1L;
    private final int length;
    private final RedisLock lock;

    /**
     * A new, zeroed array at {@code key}.
     *
     * @param redis the client
     * @param key the key
     * @param length the length
     */
    public DoubleArray(Redis redis, String key, int length) {
      super(redis, key);
      this.length = length;
      this.lock = new RedisLock(redis, key + ":lock", true);
    }

    @Override
    public int length() {
      return length;
    }

    private String raw(int index) {
      return text(redis().call(c -> c.hget(key, Integer.toString(index))), "0.0");
    }

    @Override
    public double get(int index) {
      check(index, length);
      return Double.parseDouble(raw(index));
    }

    @Override
    public void set(int index, double value) {
      check(index, length);
      redis().call(c -> c.hset(key, Integer.toString(index), bytes(Double.toString(value))));
    }

    @Override
    public double addAndGet(int index, double delta) {
      check(index, length);
      while (true) {
        String cur = raw(index);
        double next = Double.parseDouble(cur) + delta;
        if (redis()
                .scripts()
                .integer(Lua.HCAS, List.of(key), index, cur, Double.toString(next), "0.0")
            == 1) {
          return next;
        }
      }
    }

    @Override
    public double[] toArray() {
      var all = redis().call(c -> c.hgetall(key));
      double[] a = new double[length];
      all.forEach((f, v) -> a[Integer.parseInt(f)] = Double.parseDouble(text(v, "0.0")));
      return a;
    }

    @Override
    public Lock lock() {
      return lock;
    }
  }
}
