package dev.multitask.process;

import dev.multitask.process.startup.FileTrees;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.Handshake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The parent's end of the control channel where a worker cannot inherit {@link
 * dev.multitask.process.os.ControlPipes} (no native access to spawn it): one listening Unix-domain
 * socket in this JVM's {@link RunDirectory}, one authenticated connection per worker.
 *
 * <p>A worker is registered with its id and key before it is started; the connection that proves
 * the key (see {@link Handshake}) is handed to the registration's callback, exactly once. A
 * connection that does not finish the handshake within {@link Handshake#TIMEOUT_MILLIS}, names an
 * unknown worker or fails the proof is closed without anything being deserialized.
 */
final class ControlServer {
  private record Registration(byte[] key, Consumer<FrameChannel> onAuthenticated) {}

  /** How long the accepting thread pauses after a failed accept. */
  private static final long ACCEPT_RETRY_NANOS = 10_000_000;

  private static volatile ControlServer instance;

  private final Path directory;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Map<Long, Registration> pending = new ConcurrentHashMap<>();

  private ControlServer() {
    directory = RunDirectory.create();
    socket = directory.resolve(RunDirectory.SOCKET_NAME);
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      FileTrees.delete(directory);
      throw new UncheckedIOException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "multitask-run-dir-cleanup"));
    Thread.ofPlatform().daemon(true).name("multitask-control-accept").start(this::acceptLoop);
  }

  static ControlServer get() {
    ControlServer s = instance;
    if (s == null) {
      synchronized (ControlServer.class) {
        s = instance;
        if (s == null) {
          s = new ControlServer();
          instance = s;
        }
      }
    }
    return s;
  }

  Path socketPath() {
    return socket;
  }

  Path directory() {
    return directory;
  }

  void register(long workerId, byte[] key, Consumer<FrameChannel> onAuthenticated) {
    pending.put(workerId, new Registration(key, onAuthenticated));
  }

  void unregister(long workerId) {
    pending.remove(workerId);
  }

  private void acceptLoop() {
    while (true) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException e) {
        return; // shut down at exit
      } catch (IOException e) {
        // a connection that failed as it was accepted (reset, or no descriptor free): its worker's
        // handshake times out and fails its start with the reason; pause, so that a lasting
        // failure does not spin this thread
        LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
        continue;
      }
      Thread.ofPlatform()
          .daemon(true)
          .name("multitask-handshake")
          .start(() -> authenticate(channel));
    }
  }

  private void authenticate(SocketChannel socketChannel) {
    FrameChannel channel = new FrameChannel(socketChannel);
    try {
      long workerId =
          Handshake.acceptWithin(
              channel,
              id -> {
                Registration r = pending.get(id);
                return r == null ? null : r.key();
              },
              Handshake.TIMEOUT_MILLIS);
      Registration registration = workerId < 0 ? null : pending.get(workerId);
      if (registration == null) {
        channel.close();
        return;
      }
      if (pending.remove(workerId, registration)) {
        OpenChannels.add(channel);
        registration.onAuthenticated().accept(channel);
      } else {
        channel.close(); // a second connection for the same worker
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
    }
  }

  /**
   * At exit: stop listening, so that the accepting thread leaves native code (see {@link
   * OpenChannels}, which closes the connections), and remove the run directory.
   */
  private void shutdown() {
    try {
      server.close();
    } catch (IOException ignored) {
      // this JVM is exiting: its descriptors go with it, and the run directory is removed below
    }
    FileTrees.delete(directory);
  }
}
