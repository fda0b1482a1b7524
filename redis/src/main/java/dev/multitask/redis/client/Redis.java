package dev.multitask.redis.client;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One JVM's client of one Redis server: a shared connection for quick commands (Lettuce multiplexes
 * it among threads) and dedicated connections lent to blocking commands, one per blocked thread, so
 * that a {@code BLPOP} holds up no one else.
 *
 * <p>Every call survives a reconnect: a command refused or timed out while the server is away is
 * retried, with a growing pause, until the server is back or {@link #PATIENCE} has passed. A
 * retried write may have been applied once already when the connection dropped between the command
 * and its reply; callers that cannot allow that use scripts that are idempotent, or say so.
 *
 * <p>A blocking command waits in slices of at most {@link #SLICE}: an interrupt unblocks it at once
 * ({@code CLIENT UNBLOCK}) and a value it returned anyway is handed to the caller's undo, so
 * nothing taken is lost. Thread-safe.
 */
public final class Redis implements AutoCloseable {
  /** How long a call keeps retrying while the server is unreachable. */
  public static final Duration PATIENCE = Duration.ofSeconds(120);

  /**
   * How long the first connection is tried: a wrong address should fail soon, while a server that
   * restarts as a client starts is waited for.
   */
  public static final Duration CONNECT_PATIENCE = Duration.ofSeconds(15);

  /** The longest a blocking command blocks before the caller checks its deadline again. */
  public static final Duration SLICE = Duration.ofSeconds(5);

  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisAddress address;
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> shared;
  private final ConcurrentLinkedDeque<Blocking> idle = new ConcurrentLinkedDeque<>();
  private final Scripts scripts;
  private volatile boolean closed;

  Redis(RedisAddress address) {
    this.address = address;
    RedisURI uri = address.uri();
    this.client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // a command sent while disconnected fails at once, and this class retries it
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .keepAlive(true)
                    .build())
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(30)))
            .build());
    this.shared = connectRetrying();
    this.scripts = new Scripts(this);
  }

  private StatefulRedisConnection<String, byte[]> connectRetrying() {
    long deadline = System.nanoTime() + CONNECT_PATIENCE.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return client.connect(CODEC);
      } catch (RedisConnectionException e) {
        String root = rootMessage(e);
        boolean refused = root.contains("WRONGPASS") || root.contains("NOAUTH");
        if (refused || System.nanoTime() > deadline || closed) {
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          throw new IllegalStateException(
              "cannot connect to "
                  + address
                  + ": "
                  + rootMessage(e)
                  + " (is the server running, and the password right?)",
              e);
        }
        backOff(attempt);
      }
    }
  }

  /** The server this client talks to. */
  public RedisAddress address() {
    return address;
  }

  /** The scripts of the cluster's primitives, loaded on first use. */
  public Scripts scripts() {
    return scripts;
  }

  /**
   * Runs {@code op} on the shared connection, retrying while the server is away.
   *
   * @param op the commands to run; it may run more than once
   * @param <T> the result type
   * @return what {@code op} returned
   * @throws IllegalStateException if the server stayed unreachable for {@link #PATIENCE}, or the
   *     client is closed
   */
  public <T> T call(Function<RedisCommands<String, byte[]>, T> op) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (int attempt = 0; ; attempt++) {
      checkOpen();
      try {
        return op.apply(shared.sync());
      } catch (RedisCommandInterruptedException e) {
        Thread.currentThread().interrupt(); // kept for the caller's next blocking call
        throw new IllegalStateException("interrupted during a Redis command on " + address, e);
      } catch (RedisException e) {
        if (!transientFailure(e) || System.nanoTime() > deadline) {
          throw failure(e);
        }
        backOff(attempt);
      }
    }
  }

  /**
   * Runs a blocking command on a dedicated connection and waits for its reply; the command must
   * block at most {@link #SLICE}. Retries while the server is away.
   *
   * @param command issues the command, e.g. {@code c -> c.blpop(1.0, key)}
   * @param undo given a non-null reply that arrived after an interrupt (the element popped), to put
   *     it back; may be null when a late reply needs no undoing
   * @param <T> the reply type
   * @return the reply (null when the command timed out)
   * @throws InterruptedException if interrupted; the command is unblocked first
   */
  public <T> T block(
      Function<RedisAsyncCommands<String, byte[]>, RedisFuture<T>> command, Consumer<T> undo)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (int attempt = 0; ; attempt++) {
      checkOpen();
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      Blocking connection;
      try {
        connection = borrow();
      } catch (RedisException e) {
        if (!transientFailure(e) || System.nanoTime() > deadline) {
          throw failure(e);
        }
        backOff(attempt);
        continue;
      }
      RedisFuture<T> future = command.apply(connection.connection.async());
      try {
        T reply = future.get(SLICE.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        idle.push(connection);
        return reply;
      } catch (InterruptedException e) {
        unblock(connection, future, undo);
        throw e;
      } catch (ExecutionException | TimeoutException e) {
        connection.close(); // state unknown: do not lend it again
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (cause instanceof RedisException r && !transientFailure(r)) {
          throw failure(r);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              address + " unreachable for " + PATIENCE.toSeconds() + " s: " + cause, cause);
        }
        backOff(attempt);
      }
    }
  }

  private <T> void unblock(Blocking connection, RedisFuture<T> future, Consumer<T> undo) {
    try {
      shared.sync().clientUnblock(connection.id, io.lettuce.core.UnblockType.TIMEOUT);
      T late = future.get(SLICE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      if (late != null && undo != null) {
        call(
            c -> {
              undo.accept(late);
              return null;
            });
      }
      idle.push(connection);
    } catch (InterruptedException again) {
      connection.close();
      Thread.currentThread().interrupt(); // the caller throws InterruptedException anyway
    } catch (ExecutionException | TimeoutException | RedisException e) {
      connection.close(); // it is gone or unknown; what it held the server did not give us
    }
  }

  private Blocking borrow() {
    Blocking connection = idle.poll();
    if (connection != null && connection.connection.isOpen()) {
      return connection;
    }
    if (connection != null) {
      connection.close();
    }
    StatefulRedisConnection<String, byte[]> fresh = client.connect(CODEC);
    return new Blocking(fresh, fresh.sync().clientId());
  }

  private static boolean transientFailure(RedisException e) {
    if (e instanceof RedisConnectionException
        || e instanceof io.lettuce.core.RedisCommandTimeoutException) {
      return true;
    }
    String m = String.valueOf(e.getMessage());
    // Lettuce says "Connection disconnected", "Connection closed", "Currently not connected",
    // "Connection reset by peer"; a restarting server answers LOADING
    return m.contains("onnect")
        || m.contains("closed")
        || m.contains("LOADING")
        || m.contains("reset");
  }

  private RuntimeException failure(RedisException e) {
    if (closed) {
      return new IllegalStateException("the Redis client for " + address + " is closed", e);
    }
    return new IllegalStateException(
        "Redis command failed on " + address + ": " + rootMessage(e), e);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
  }

  private static void backOff(int attempt) {
    long millis = Math.min(1000, 20L << Math.min(attempt, 6));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Redis to come back", e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Redis client for " + address + " is closed");
    }
  }

  /** Closes every connection. Calls in progress fail. */
  @Override
  public void close() {
    closed = true;
    for (Blocking b; (b = idle.poll()) != null; ) {
      b.close();
    }
    shared.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  public String toString() {
    return "Redis[" + address + "]";
  }

  /** A connection lent to one blocking command at a time, with its server-side client id. */
  private record Blocking(StatefulRedisConnection<String, byte[]> connection, long id) {
    void close() {
      try {
        connection.close();
      } catch (RuntimeException e) {
        // closing a broken connection: nothing more to release
      }
    }
  }
}
