package dev.multitask.redis.ipc;

import dev.multitask.codec.Codec;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.QueueClosedException;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Ids;
import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.client.Scripts;
import dev.multitask.redis.client.Waiting;
import dev.multitask.spi.HeadOnlyQueue;
import dev.multitask.spi.QueueOrder;
import dev.multitask.spi.QueueSnapshot;
import dev.multitask.spi.Timeouts;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.RedisFuture;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A queue in Redis: a list (FIFO: pushed at the tail; LIFO: at the head; priority: inserted in
 * order; always taken from the head) and a hash with the closed flag and the count of unfinished
 * tasks. {@code take} blocks in the server, in slices, so a taker wakes as soon as an element
 * arrives: {@code BLMOVE} moves the head into a list of the call's own (with a TTL), which is read
 * again when the connection dropped before the reply came, so an element is neither lost nor taken
 * twice across a server restart; an element that arrived as the taker was interrupted goes back to
 * the head. Closing appends a marker behind the last element, which wakes a blocked taker once the
 * elements are gone and stays for the next taker. A bounded {@code put} waits in the queue's space
 * wait list ({@link Lua}).
 *
 * <p>A priority queue keeps its list sorted: a put reads the list, finds with the order (the
 * elements' natural order, or a serializable comparator that travels with the handle) the first
 * element greater than the new one, and inserts before it if no other put came in between (else it
 * reads again). Equal elements so come out in put order. A put costs a read of the whole list:
 * priority queues suit hundreds of waiting elements, not millions. Each entry carries a unique
 * 16-byte prefix, so that the insertion point is one entry even when equal elements repeat.
 *
 * <p>Elements go through the cluster's codec (serialized in the putting thread; read back under the
 * codec's deserialization filter). Its iterator walks a snapshot, as every queue's. Serializable as
 * a handle.
 *
 * @param <T> the element type
 */
public final class RedisQueue<T> extends HeadOnlyQueue<T>
    implements JoinableQueue<T>, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** The unique prefix of a priority queue's entries. */
  private static final int PREFIX = 16;

  private static final AtomicLong ENTRIES = new AtomicLong();

  private final RedisAddress server;
  private final String key;
  private final int capacity;
  private final QueueOrder order;

  @SuppressWarnings("serial") // checked serializable (encoded once) in the constructor
  private final Comparator<? super T> comparator;

  private transient volatile Redis redis;

  /**
   * A new, empty queue at {@code key}.
   *
   * @param redis the client
   * @param key the key
   * @param capacity the most elements it holds, 0 for no limit
   * @param order the order elements come out in
   * @param comparator for a priority queue: the order, or null for the natural one
   * @throws IllegalArgumentException if the comparator cannot be serialized
   */
  public RedisQueue(
      Redis redis, String key, int capacity, QueueOrder order, Comparator<? super T> comparator) {
    if (comparator != null) {
      Codec.encode(comparator); // fails here, naming the field, if it cannot travel to workers
    }
    this.server = redis.address().server();
    this.key = key;
    this.capacity = capacity;
    this.order = order;
    this.comparator = comparator;
    this.redis = redis;
  }

  private Redis redis() {
    Redis r = redis;
    if (r == null) {
      r = Connections.of(server);
      redis = r;
    }
    return r;
  }

  private String meta() {
    return key + ":meta";
  }

  /** Closes the queue: behind the last element, never an element's encoding (those of null). */
  private static final byte[] CLOSED = {0, 'm', 't', '-', 'c', 'l', 'o', 's', 'e', 'd'};

  /** How long a taker's own list lives if the taker vanished before it deleted it. */
  private static final long HOLD_TTL_MILLIS = 3_600_000;

  private List<String> putKeys() {
    return List.of(key, meta(), key + ":space");
  }

  private long tryPut(T e, byte[] element, String waiter) {
    if (order == QueueOrder.PRIORITY) {
      return tryPutInOrder(e, element, waiter);
    }
    return redis()
        .scripts()
        .integer(
            Lua.QUEUE_PUT,
            putKeys(),
            element,
            capacity,
            order == QueueOrder.LIFO ? "1" : "0",
            waiter == null ? "" : waiter);
  }

  /** A priority put: {@code entry} is the element's encoding behind its unique prefix. */
  private long tryPutInOrder(T element, byte[] entry, String waiter) {
    while (true) {
      List<Object> snapshot = redis().scripts().multi(Lua.PRIORITY_READ, List.of(key, meta()));
      long version = Scripts.asLong(snapshot.get(0));
      byte[] pivot = null;
      for (int i = 1; i < snapshot.size() && pivot == null; i++) {
        byte[] other = (byte[]) snapshot.get(i);
        if (compare(element, decodeEntry(other)) < 0) {
          pivot = other; // the first greater one: equal elements stay in put order
        }
      }
      long r =
          redis()
              .scripts()
              .integer(
                  Lua.PRIORITY_PUT,
                  List.of(key, meta(), key + ":space"),
                  entry,
                  capacity,
                  pivot == null ? "" : pivot,
                  version,
                  waiter == null ? "" : waiter);
      if (r != -2) {
        return r;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private int compare(Object a, Object b) {
    if (comparator != null) {
      return ((Comparator<Object>) comparator).compare(a, b);
    }
    return ((Comparable<Object>) a).compareTo(b);
  }

  /** The element's bytes as the list holds them: behind a unique prefix in a priority queue. */
  private byte[] entry(T e) {
    Objects.requireNonNull(e, "a queue holds no null");
    byte[] element = Codec.encode(e);
    if (order != QueueOrder.PRIORITY) {
      return element;
    }
    if (comparator == null && !(e instanceof Comparable)) {
      throw new ClassCastException(
          e.getClass().getName()
              + " cannot be cast to java.lang.Comparable: a priority queue without a comparator"
              + " orders its elements by their natural order");
    }
    byte[] entry = new byte[PREFIX + element.length];
    ByteBuffer.wrap(entry).putLong(JVM_BITS).putLong(ENTRIES.incrementAndGet());
    System.arraycopy(element, 0, entry, PREFIX, element.length);
    return entry;
  }

  /** A random number for this JVM: with a counter, a prefix no other entry has. */
  private static final long JVM_BITS = new java.security.SecureRandom().nextLong();

  private Object decodeEntry(byte[] entry) {
    return order == QueueOrder.PRIORITY
        ? Codec.decode(Arrays.copyOfRange(entry, PREFIX, entry.length))
        : Codec.decode(entry);
  }

  private QueueClosedException closed() {
    return new QueueClosedException(this + " is closed: no more elements may be put");
  }

  @Override
  public void put(T e) throws InterruptedException {
    offer(e, Long.MAX_VALUE);
  }

  @Override
  public boolean offer(T e) {
    byte[] element = entry(e);
    long r = tryPut(e, element, null);
    if (r < 0) {
      throw closed();
    }
    return r == 1;
  }

  @Override
  public boolean offer(T e, long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(Math.max(0, timeout));
    return offer(e, nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos);
  }

  private boolean offer(T e, long deadline) throws InterruptedException {
    byte[] element = entry(e);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Waiting waiting = null;
    try {
      while (true) {
        long r = tryPut(e, element, waiting == null ? null : waiting.id());
        if (r == 1) {
          return true;
        }
        if (r < 0) {
          throw closed();
        }
        if (waiting == null) { // full: register and try once more, then wait
          waiting = new Waiting(redis());
          continue;
        }
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        waiting.sleep(remaining);
      }
    } finally {
      if (waiting != null) {
        waiting.leavePassingOn(key + ":space");
      }
    }
  }

  @Override
  public T take() throws InterruptedException {
    T e = poll(Long.MAX_VALUE, true);
    return e;
  }

  @Override
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(Math.max(0, timeout));
    if (nanos == 0) {
      return poll();
    }
    return poll(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos, false);
  }

  @SuppressWarnings("unchecked")
  private T poll(long deadline, boolean take) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    String hold = key + ":h:" + Ids.next(); // this call's own: what it took waits there
    while (true) {
      long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
      if (remaining <= 0) {
        return null;
      }
      double seconds =
          Math.max(0.001, Math.min(Redis.SLICE.toMillis(), remaining / 1_000_000) / 1000.0);
      byte[] e =
          redis()
              .block(
                  c -> {
                    RedisFuture<byte[]> moved =
                        c.blmove(key, hold, LMoveArgs.Builder.leftRight(), seconds);
                    c.pexpire(hold, HOLD_TTL_MILLIS); // runs once the move has, on this connection
                    return moved;
                  },
                  late -> redis().call(c -> c.lmove(hold, key, LMoveArgs.Builder.leftLeft())),
                  () -> redis().call(c -> c.lindex(hold, 0)));
      if (e == null) {
        continue;
      }
      if (Arrays.equals(e, CLOSED)) {
        redis().call(c -> c.lmove(hold, key, LMoveArgs.Builder.leftRight())); // for the next one
        if (take) {
          throw new QueueClosedException(this + " is closed and drained");
        }
        return null;
      }
      if (capacity > 0) {
        redis().scripts().send(Lua.TAKEN, List.of(hold, key + ":space"), 1);
      } else {
        redis().send(c -> c.del(hold));
      }
      return (T) decodeEntry(e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T poll() {
    byte[] v =
        redis().scripts().value(Lua.QUEUE_POLL, List.of(key, key + ":space"), CLOSED, capacity);
    return v == null ? null : (T) decodeEntry(v);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T peek() {
    byte[] v = redis().call(c -> c.lindex(key, 0));
    return v == null || Arrays.equals(v, CLOSED) ? null : (T) decodeEntry(v);
  }

  @Override
  public int size() {
    long n = redis().scripts().integer(Lua.QUEUE_SIZE, List.of(key), CLOSED);
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  @Override
  public int remainingCapacity() {
    return capacity == 0 ? Integer.MAX_VALUE : Math.max(0, capacity - size());
  }

  /**
   * A walk over a snapshot of the queue (one {@code LRANGE}), in the order {@code take} would
   * return the elements, each decoded when the walk reaches it; later puts and takes do not show.
   * Its {@code remove} is not supported: elements leave a queue only at its head.
   */
  @Override
  @SuppressWarnings("unchecked")
  public Iterator<T> iterator() {
    List<byte[]> entries = new ArrayList<>(redis().call(c -> c.lrange(key, 0, -1)));
    if (!entries.isEmpty() && Arrays.equals(entries.getLast(), CLOSED)) {
      entries.removeLast();
    }
    return QueueSnapshot.over(entries, e -> (T) decodeEntry(e));
  }

  @Override
  public int drainTo(Collection<? super T> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super T> c, int maxElements) {
    Objects.requireNonNull(c, "c");
    if (c == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    int n = 0;
    while (n < maxElements) {
      T e = poll();
      if (e == null) {
        break;
      }
      c.add(e);
      n++;
    }
    return n;
  }

  @Override
  public void close() {
    redis()
        .scripts()
        .integer(Lua.QUEUE_CLOSE, List.of(meta(), key + ":space", key, key + ":join"), CLOSED);
  }

  @Override
  public boolean isClosed() {
    byte[] v = redis().call(c -> c.hget(meta(), "closed"));
    return v != null && v.length == 1 && v[0] == '1';
  }

  @Override
  public void taskDone() {
    long left = redis().scripts().integer(Lua.QUEUE_TASK_DONE, List.of(meta(), key + ":join"));
    if (left < 0) {
      throw new IllegalStateException(
          "taskDone() called more times than elements were put in "
              + this
              + " (Python's ValueError)");
    }
  }

  @Override
  public void join() throws InterruptedException {
    join(Long.MAX_VALUE);
  }

  @Override
  public boolean join(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout);
    return join(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos);
  }

  private boolean join(long deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Waiting waiting = new Waiting(redis());
    try {
      while (true) {
        if (redis()
                .scripts()
                .integer(Lua.QUEUE_JOIN_CHECK, List.of(meta(), key + ":join"), waiting.id())
            <= 0) {
          return true;
        }
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        waiting.sleep(remaining);
      }
    } finally {
      waiting.leave(key + ":join");
    }
  }

  @Override
  public long unfinishedTasks() {
    byte[] v = redis().call(c -> c.hget(meta(), "unfinished"));
    return v == null ? 0 : Long.parseLong(new String(v, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedisQueue<?> q && q.key.equals(key) && q.server.equals(server);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    String kind =
        switch (order) {
          case FIFO -> "Queue";
          case LIFO -> "LifoQueue";
          case PRIORITY -> "PriorityQueue";
        };
    return kind + "[" + key + " on " + server + "]";
  }
}
