package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.Handshake;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The parent's control socket lets in only a peer that proves it holds its worker's key, and
 * deserializes nothing before that. The tests play the child's side of {@link Handshake} by hand.
 *
 * <p>A registration's callback here behaves like a {@link Worker}: it reads the next frame and
 * decodes its payload. So if a peer without the key got through, the {@link Tripwire} it sends
 * would be deserialized and counted.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ControlChannelTest {
  /** Well below the server's own handshake timeout, so a refusal is told apart from a timeout. */
  private static final long CLOSE_SECONDS = Handshake.TIMEOUT_MILLIS / 2000;

  /**
   * Counts its own deserializations: sending one is how a peer would try to smuggle a gadget in.
   */
  static final class Tripwire implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      READS.incrementAndGet();
    }
  }

  private final ControlServer server = ControlServer.get();
  private final List<Long> registered = new ArrayList<>();
  private final List<SocketChannel> sockets = new ArrayList<>();

  @AfterEach
  void cleanUp() throws IOException {
    registered.forEach(server::unregister);
    for (SocketChannel s : sockets) {
      s.close();
    }
  }

  /** An id no real worker of this JVM will have (they count up from 1). */
  private long freshId() {
    long id = ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
    registered.add(id);
    return id;
  }

  /**
   * A callback that acts as a worker would: it reads a frame and decodes what follows the job id.
   */
  private static Consumer<FrameChannel> decodingCallback(CompletableFuture<Object> decoded) {
    return channel ->
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    FrameChannel.Frame frame = channel.read(Integer.MAX_VALUE);
                    frame.body().readLong();
                    decoded.complete(Codec.decode(frame.body()));
                  } catch (IOException | RuntimeException e) {
                    decoded.completeExceptionally(e);
                  }
                });
  }

  private FrameChannel connect() throws IOException {
    SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
    sockets.add(socket);
    socket.connect(UnixDomainSocketAddress.of(server.socketPath()));
    return new FrameChannel(socket);
  }

  private static BytesOut hello(long id, byte[] childNonce) {
    return FrameChannel.begin(WireDescriptor.HELLO, 48).writeLong(id).writeBytes(childNonce);
  }

  private static BytesOut tripwireFrame(long id) {
    BytesOut frame = FrameChannel.begin(WireDescriptor.RESULT, 256).writeLong(id);
    Codec.encode(new Tripwire(), frame);
    return frame;
  }

  /** Sends what a peer wants to send, ignoring a server that has already hung up. */
  private static void sendIgnoringClose(FrameChannel channel, BytesOut frame) {
    try {
      channel.send(frame);
    } catch (IOException closedAlready) {
      // the server may close before all of it is written; that is what the test wants
    }
  }

  /**
   * Fails unless the server closes the connection soon: end of stream or a reset, never a frame.
   */
  private static void assertClosedByServer(FrameChannel channel) throws InterruptedException {
    CompletableFuture<FrameChannel.Frame> next = new CompletableFuture<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    next.complete(channel.read(Integer.MAX_VALUE));
                  } catch (IOException | RuntimeException e) {
                    next.complete(null); // reset by the peer: closed too
                  }
                });
    try {
      FrameChannel.Frame frame = next.get(CLOSE_SECONDS, TimeUnit.SECONDS);
      if (frame != null) {
        fail("the server answered with a frame of type " + frame.type() + " instead of closing");
      }
    } catch (TimeoutException e) {
      reader.interrupt();
      fail("the server kept the connection open for " + CLOSE_SECONDS + " s");
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  @Test
  void proofWithWrongKey_closesWithoutCallbackOrDeserializing() throws Exception {
    long id = freshId();
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Object> decoded = new CompletableFuture<>();
    server.register(id, key, decodingCallback(decoded));
    int readsBefore = Tripwire.READS.get();

    FrameChannel channel = connect();
    byte[] childNonce = Handshake.randomBytes(Handshake.NONCE_BYTES);
    channel.send(hello(id, childNonce));
    FrameChannel.Frame challenge = channel.read(WireDescriptor.HANDSHAKE_MAX);
    assertNotNull(challenge, "a known worker id is challenged");
    assertEquals(WireDescriptor.CHALLENGE, challenge.type());
    byte[] parentNonce = challenge.body().readBytes();
    byte[] wrongKey = Handshake.randomBytes(Handshake.KEY_BYTES);
    channel.send(
        FrameChannel.begin(WireDescriptor.PROOF, 40)
            .writeBytes(Handshake.childMac(wrongKey, id, parentNonce, childNonce)));
    sendIgnoringClose(channel, tripwireFrame(id));

    assertClosedByServer(channel);
    assertFalse(decoded.isDone(), "the callback never ran");
    assertEquals(
        readsBefore,
        Tripwire.READS.get(),
        "the payload after a wrong proof was never deserialized");
  }

  @Test
  void payloadInsteadOfProof_closesWithoutCallback() throws Exception {
    long id = freshId();
    CompletableFuture<Object> decoded = new CompletableFuture<>();
    server.register(id, Handshake.randomBytes(Handshake.KEY_BYTES), decodingCallback(decoded));
    int readsBefore = Tripwire.READS.get();

    FrameChannel channel = connect();
    channel.send(hello(id, Handshake.randomBytes(Handshake.NONCE_BYTES)));
    assertEquals(WireDescriptor.CHALLENGE, channel.read(WireDescriptor.HANDSHAKE_MAX).type());
    sendIgnoringClose(channel, tripwireFrame(id));

    assertClosedByServer(channel);
    assertFalse(decoded.isDone());
    assertEquals(readsBefore, Tripwire.READS.get());
  }

  @Test
  void unknownWorkerId_closesBeforeChallenge() throws Exception {
    long unknown = freshId();

    FrameChannel channel = connect();
    channel.send(hello(unknown, Handshake.randomBytes(Handshake.NONCE_BYTES)));

    assertClosedByServer(channel);
  }

  @Test
  void nonceOfWrongLength_closesBeforeChallenge() throws Exception {
    long id = freshId();
    CompletableFuture<Object> decoded = new CompletableFuture<>();
    server.register(id, Handshake.randomBytes(Handshake.KEY_BYTES), decodingCallback(decoded));

    FrameChannel channel = connect();
    channel.send(hello(id, new byte[4]));

    assertClosedByServer(channel);
    assertFalse(decoded.isDone());
  }

  @Test
  void oversizedFirstFrame_closes() throws Exception {
    FrameChannel channel = connect();
    sendIgnoringClose(
        channel, FrameChannel.begin(WireDescriptor.HELLO, 4096).writeBytes(new byte[4096]));

    assertClosedByServer(channel);
  }

  /** The control for the refusals above: the same steps with the right key get through. */
  @Test
  void proofWithRightKey_handsOverTheChannel() throws Exception {
    long id = freshId();
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Object> decoded = new CompletableFuture<>();
    server.register(id, key, decodingCallback(decoded));
    int readsBefore = Tripwire.READS.get();

    FrameChannel channel = connect();
    byte[] childNonce = Handshake.randomBytes(Handshake.NONCE_BYTES);
    channel.send(hello(id, childNonce));
    FrameChannel.Frame challenge = channel.read(WireDescriptor.HANDSHAKE_MAX);
    byte[] parentNonce = challenge.body().readBytes();
    byte[] parentMac = challenge.body().readBytes();
    assertArrayEquals(
        Handshake.parentMac(key, id, childNonce, parentNonce),
        parentMac,
        "the parent proves the key too");
    channel.send(
        FrameChannel.begin(WireDescriptor.PROOF, 40)
            .writeBytes(Handshake.childMac(key, id, parentNonce, childNonce)));
    channel.send(tripwireFrame(id));

    assertTrue(decoded.get(CLOSE_SECONDS, TimeUnit.SECONDS) instanceof Tripwire);
    assertEquals(readsBefore + 1, Tripwire.READS.get(), "an authenticated payload is decoded");
  }

  @Test
  void secondConnection_ofAuthenticatedWorker_closes() throws Exception {
    long id = freshId();
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    AtomicInteger handedOver = new AtomicInteger();
    server.register(id, key, channel -> handedOver.incrementAndGet());

    for (int attempt = 0; attempt < 2; attempt++) {
      FrameChannel channel = connect();
      byte[] childNonce = Handshake.randomBytes(Handshake.NONCE_BYTES);
      channel.send(hello(id, childNonce));
      FrameChannel.Frame challenge = channel.read(WireDescriptor.HANDSHAKE_MAX);
      if (attempt == 1) {
        assertTrue(challenge == null, "a used registration is gone: no challenge the second time");
        break;
      }
      byte[] parentNonce = challenge.body().readBytes();
      channel.send(
          FrameChannel.begin(WireDescriptor.PROOF, 40)
              .writeBytes(Handshake.childMac(key, id, parentNonce, childNonce)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_SECONDS);
      while (handedOver.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    assertEquals(1, handedOver.get(), "the callback runs exactly once");
  }
}
