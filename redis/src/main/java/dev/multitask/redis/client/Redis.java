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
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * nothing taken is lost. Its connection never sends it again by itself after a drop: the caller
 * sees the failure, and a command whose reply may be lost is recovered before it is sent again (see
 * {@link #block(Function, Consumer, Supplier)}). Thread-safe.
 */
public final class Redis implements AutoCloseable {
  /** How long a call keeps retrying while the server is unreachable. */
  public static final Duration PATIENCE = Duration.ofSeconds(120);

  /**
   * How long a program's first connection is tried: a wrong address should fail soon. A handle that
   * arrives in another JVM names a server known to exist, and waits for it as long as any call.
   */
  public static final Duration CONNECT_PATIENCE = Duration.ofSeconds(15);

  /** The longest a blocking command blocks before the caller checks its deadline again. */
  public static final Duration SLICE = Duration.ofSeconds(5);

  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /**
   * Lettuce's log, held (the JDK keeps loggers only weakly) at SEVERE: its notices of each
   * reconnection would otherwise fill a worker's output while the server restarts.
   */
  private static final java.util.logging.Logger LETTUCE_LOG = quietLettuce();

  private final RedisAddress address;
  private final ClientResources resources;
  private final RedisClient client;

  /**
   * Makes the connections lent to blocking commands: they never reconnect on their own, so that a
   * command in flight when the connection drops is never sent again behind our back (a second
   * {@code BLMOVE} would take a second element while the first one's reply was lost); the caller
   * sees the failure and recovers ({@link #block(Function, Consumer, Supplier)}).
   */
  private final RedisClient blockingClient;

  private final StatefulRedisConnection<String, byte[]> shared;
  private final ConcurrentLinkedDeque<Blocking> idle = new ConcurrentLinkedDeque<>();
  private final Scripts scripts;
  private volatile boolean closed;

  Redis(RedisAddress address, Duration connectPatience) {
    this.address = address;
    RedisURI uri = address.uri();
    this.resources = DefaultClientResources.create();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(options(true));
    this.blockingClient = RedisClient.create(resources, uri);
    blockingClient.setOptions(options(false));
    this.shared = connectRetrying(connectPatience);
    this.scripts = new Scripts(this);
  }

  private static ClientOptions options(boolean reconnect) {
    return ClientOptions.builder()
        .autoReconnect(reconnect)
        // a command sent while disconnected fails at once, and this class retries it
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(
            SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(30)))
        .build();
  }

  private static java.util.logging.Logger quietLettuce() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.lettuce.core");
    log.setLevel(java.util.logging.Level.SEVERE);
    return log;
  }

  private StatefulRedisConnection<String, byte[]> connectRetrying(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean asked = false; // whether the port was asked if it speaks TLS (once is enough)
    for (int attempt = 0; ; attempt++) {
      try {
        return client.connect(CODEC);
      } catch (RedisConnectionException e) {
        // a refused password or certificate is refused again, and a port that speaks TLS to a
        // plain URL speaks it again: say so now, not after the patience
        boolean tlsPort = !asked && ConnectFailure.speaksTls(address, e);
        asked |= ConnectFailure.accepted(e);
        if (tlsPort || ConnectFailure.isFinal(e) || System.nanoTime() > deadline || closed) {
          shutdownClients();
          throw new IllegalStateException(ConnectFailure.message(address, e, tlsPort), e);
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
   * Runs {@code op} on the shared connection, retrying while the server is away. An interrupt
   * pending when it is called does not stop it, and is still pending when it returns.
   *
   * @param op the commands to run; it may run more than once
   * @param <T> the result type
   * @return what {@code op} returned
   * @throws IllegalStateException if the server stayed unreachable for {@link #PATIENCE}, or the
   *     client is closed
   */
  public <T> T call(Function<RedisCommands<String, byte[]>, T> op) {
    // an interrupt already pending is for the caller's next wait, not for this short command (an
    // unlock after a lock() that kept the interrupt must still unlock): it is set again after
    boolean interrupted = Thread.interrupted();
    try {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      for (int attempt = 0; ; attempt++) {
        checkOpen();
        try {
          return op.apply(shared.sync());
        } catch (RedisCommandInterruptedException e) {
          interrupted = true; // kept for the caller's next blocking call
          throw new IllegalStateException("interrupted during a Redis command on " + address, e);
        } catch (RedisException e) {
          if (!transientFailure(e) || System.nanoTime() > deadline) {
            throw failure(e);
          }
          backOff(attempt);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Sends {@code op}'s commands on the shared connection without waiting for their replies: for
   * clean-ups whose loss costs only memory until a key's TTL runs out. Never throws.
   *
   * @param op issues the commands
   */
  public void send(Function<RedisAsyncCommands<String, byte[]>, RedisFuture<?>> op) {
    if (closed) {
      return;
    }
    try {
      op.apply(shared.async());
    } catch (RedisException e) {
      // disconnected: the command is refused at once, and what it would clean up has a TTL
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
    return block(command, undo, null);
  }

  /**
   * Runs a blocking command as {@link #block(Function, Consumer)} does, and after a failure that
   * may have lost the command's reply (the connection dropped while it was in flight, or the reply
   * was late), asks {@code recover} before it sends the command again: a command that moves what it
   * takes into a list of the caller's ({@code BLMOVE}) is recovered by reading that list.
   *
   * @param command issues the command
   * @param undo as in {@link #block(Function, Consumer)}, or null
   * @param recover the reply of a command whose own reply was lost, or null if it took nothing;
   *     null for commands that need no recovery
   * @param <T> the reply type
   * @return the reply (null when the command timed out)
   * @throws InterruptedException if interrupted; the command is unblocked first
   */
  public <T> T block(
      Function<RedisAsyncCommands<String, byte[]>, RedisFuture<T>> command,
      Consumer<T> undo,
      Supplier<T> recover)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    boolean inDoubt = false;
    for (int attempt = 0; ; attempt++) {
      checkOpen();
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (inDoubt && recover != null) {
        T recovered = recover.get(); // through the shared connection, which retries
        if (recovered != null) {
          return recovered;
        }
        inDoubt = false;
      }
      Blocking connection;
      try {
        connection = borrow();
      } catch (RedisException e) {
        if (Thread.interrupted() || interruption(e)) {
          // interrupted while it connected: the command was not sent
          throw new InterruptedException("interrupted while connecting to " + address);
        }
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
        inDoubt = true; // the server may have run the command and its reply be lost
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
    StatefulRedisConnection<String, byte[]> fresh = blockingClient.connect(CODEC);
    try {
      return new Blocking(fresh, fresh.sync().clientId());
    } catch (RuntimeException e) {
      fresh.close(); // half made: nobody else would close it
      throw e;
    }
  }

  private static boolean interruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof RedisCommandInterruptedException) {
        return true;
      }
    }
    return false;
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

  /**
   * Closes every connection and ends the client's threads (it waits a few seconds at most for
   * them). Calls in progress fail.
   */
  @Override
  public void close() {
    closed = true;
    for (Blocking b; (b = idle.poll()) != null; ) {
      b.close();
    }
    shared.close();
    shutdownClients();
  }

  /** Shuts the clients and their Netty threads down, and waits (at most a few seconds) for it. */
  private void shutdownClients() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    blockingClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    try {
      java.util.concurrent.Future<Boolean> done = resources.shutdown(0, 2, TimeUnit.SECONDS);
      done.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the threads end on their own a little later
    } catch (ExecutionException | TimeoutException e) {
      // a thread slow to end: it is a daemon and ends on its own
    }
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
