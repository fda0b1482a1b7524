package dev.multitask.wire;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * The mutual HMAC-SHA256 challenge on the control channel. Each worker has its own random 32-byte
 * key, given to it over its standard input (never on the command line). On the parent's socket (the
 * control channel of a parent without native access), the worker speaks first:
 *
 * <pre>
 * child  → parent  HELLO      workerId, childNonce
 * parent → child   CHALLENGE  parentNonce, HMAC(key, "parent" | workerId | childNonce | parentNonce)
 * child  → parent  PROOF      HMAC(key, "child"  | workerId | parentNonce | childNonce)
 * </pre>
 *
 * On a worker's inherited pipes the parent speaks first, as it knows which worker it spawned: its
 * challenge waits in the pipe for the worker, which answers in one frame, with no round trip on its
 * way to its first job.
 *
 * <pre>
 * parent → child   CHALLENGE  parentNonce, HMAC(key, "parent-first" | workerId | parentNonce)
 * child  → parent  PROOF      HMAC(key, "child-first"  | workerId | parentNonce)
 * </pre>
 *
 * The parent's MAC there covers no nonce of the child's, so it could be replayed; but only the
 * parent and its child hold those pipes, so nobody could. The child's proof covers the parent's
 * fresh nonce.
 *
 * <p>The parent reads nothing but these fixed-size frames, and deserializes nothing, until the
 * proof checks out; a peer without the key is dropped after PROOF.
 *
 * <p>The manager server ({@code dev.multitask.manager}) runs the socket form on its TCP
 * connections, with the manager's key and id 0: {@link #acceptWithin} and {@link #prove} are public
 * for it.
 */
public final class Handshake {
  public static final int NONCE_BYTES = 32;
  public static final int KEY_BYTES = 32;
  private static final byte[] NO_BYTES = {};

  private Handshake() {}

  /**
   * How long a peer on a socket has to finish the handshake, in milliseconds (a {@code Duration}
   * here would bring {@code BigInteger}'s set-up onto a cold worker's way to its first job): any
   * local process may connect to a socket, so one that does not prove itself is dropped soon.
   */
  public static final long TIMEOUT_MILLIS = 10_000;

  /**
   * How long the parent waits for a worker it spawned to prove itself on its inherited pipes, in
   * milliseconds. Only the worker holds those pipes, and a worker that dies ends the wait at once,
   * so this bounds only a worker that hangs while it starts; it must not fail a worker that is just
   * slow: a JVM's start took more than 10 s on a 2-core machine with a load average of 58, and a
   * burst of 100 cold starts did too.
   */
  public static final long PIPES_TIMEOUT_MILLIS = 120_000;

  /** Made on first use: a worker JVM, which only proves, never starts the thread. */
  private static final class Deadlines {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon(true).name("multitask-handshake-timeout").unstarted(r));
  }

  /**
   * {@link #accept}, but a peer that has not finished within {@code timeoutMillis} has the channel
   * closed under it and counts as refused: on a socket, nobody can hold a parent's thread by saying
   * nothing.
   */
  public static long acceptWithin(
      FrameChannel channel, LongFunction<byte[]> keyOf, long timeoutMillis) throws IOException {
    return withDeadline(channel, timeoutMillis, () -> accept(channel, keyOf));
  }

  /**
   * {@link #acceptOnPipes(FrameChannel, long, byte[], ChallengeSent)} within {@code timeoutMillis},
   * as {@link #acceptWithin}: on a worker's pipes too, nobody holds a parent's thread.
   */
  public static long acceptOnPipesWithin(
      FrameChannel channel, long workerId, byte[] key, long timeoutMillis, ChallengeSent then)
      throws IOException {
    return withDeadline(channel, timeoutMillis, () -> acceptOnPipes(channel, workerId, key, then));
  }

  /** The parent's side of a handshake, returning the proven worker's id or -1. */
  private interface Acceptance {
    long run() throws IOException;
  }

  private static long withDeadline(FrameChannel channel, long timeoutMillis, Acceptance acceptance)
      throws IOException {
    // set before the close: the blocked read fails while close() is still running, before the
    // timer's task counts as done
    AtomicBoolean expired = new AtomicBoolean();
    var deadline =
        Deadlines.TIMER.schedule(
            () -> {
              expired.set(true);
              channel.close();
            },
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    try {
      return acceptance.run();
    } catch (IOException e) {
      if (expired.get()) {
        return -1; // the deadline closed the channel under the read
      }
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  /** What the parent does once its challenge is on its way, before it reads the proof. */
  public interface ChallengeSent {
    /** Nothing. */
    ChallengeSent NOTHING = () -> {};

    void run() throws IOException;
  }

  /**
   * The parent's side on worker {@code workerId}'s pipes: challenges, runs {@code then} (what it
   * writes reaches the worker behind the challenge, so only once the worker has checked that this
   * side holds its key), then reads the proof. Nothing else is read from the worker before it.
   *
   * @return {@code workerId} if the worker proved its key, else -1: a peer to drop
   */
  public static long acceptOnPipes(
      FrameChannel channel, long workerId, byte[] key, ChallengeSent then) throws IOException {
    byte[] parentNonce = randomBytes(NONCE_BYTES);
    channel.send(
        FrameChannel.begin(WireDescriptor.CHALLENGE, 80)
            .writeBytes(parentNonce)
            .writeBytes(parentFirstMac(key, workerId, parentNonce)));
    then.run();
    FrameChannel.Frame proof = channel.read(WireDescriptor.HANDSHAKE_MAX);
    boolean proven =
        proof != null
            && proof.type() == WireDescriptor.PROOF
            && matches(childFirstMac(key, workerId, parentNonce), proof.body().readBytes());
    return proven ? workerId : -1;
  }

  /**
   * The worker's side on its inherited pipes: checks the parent's challenge, waits for {@code
   * warmUp} (if not null), then proves the key.
   *
   * @throws IOException if the parent closes the channel or does not hold the key
   */
  public static void proveOnPipes(FrameChannel channel, long workerId, byte[] key, Thread warmUp)
      throws IOException {
    FrameChannel.Frame challenge = channel.read(WireDescriptor.HANDSHAKE_MAX);
    if (challenge == null || challenge.type() != WireDescriptor.CHALLENGE) {
      throw new IOException("the parent closed the control channel during the handshake");
    }
    byte[] parentNonce = challenge.body().readBytes();
    if (parentNonce.length != NONCE_BYTES
        || !matches(parentFirstMac(key, workerId, parentNonce), challenge.body().readBytes())) {
      throw new IOException("the control channel's peer does not hold this worker's key");
    }
    awaitWarmUp(warmUp);
    channel.send(
        FrameChannel.begin(WireDescriptor.PROOF, 40)
            .writeBytes(childFirstMac(key, workerId, parentNonce)));
  }

  /**
   * The parent's side on a socket: returns the id of a worker that proved its key, or -1 for a peer
   * to drop.
   */
  public static long accept(FrameChannel channel, LongFunction<byte[]> keyOf) throws IOException {
    FrameChannel.Frame hello = channel.read(WireDescriptor.HANDSHAKE_MAX);
    if (hello == null || hello.type() != WireDescriptor.HELLO) {
      return -1;
    }
    long workerId = hello.body().readLong();
    byte[] childNonce = hello.body().readBytes();
    byte[] key = keyOf.apply(workerId);
    if (key == null || childNonce.length != NONCE_BYTES) {
      return -1;
    }
    byte[] parentNonce = randomBytes(NONCE_BYTES);
    channel.send(
        FrameChannel.begin(WireDescriptor.CHALLENGE, 80)
            .writeBytes(parentNonce)
            .writeBytes(parentMac(key, workerId, childNonce, parentNonce)));
    FrameChannel.Frame proof = channel.read(WireDescriptor.HANDSHAKE_MAX);
    boolean proven =
        proof != null
            && proof.type() == WireDescriptor.PROOF
            && matches(childMac(key, workerId, parentNonce, childNonce), proof.body().readBytes());
    return proven ? workerId : -1;
  }

  /**
   * The worker's side on a socket: says hello, checks the parent's answer, waits for {@code warmUp}
   * (if not null) so that "ready" means warm, then proves the key. No lambdas here: each costs a
   * fresh JVM an invokedynamic bootstrap on its start path.
   *
   * @throws IOException if the parent closes the channel or does not hold the key
   */
  public static void prove(FrameChannel channel, long workerId, byte[] key, Thread warmUp)
      throws IOException {
    byte[] childNonce = randomBytes(NONCE_BYTES);
    channel.send(
        FrameChannel.begin(WireDescriptor.HELLO, 48).writeLong(workerId).writeBytes(childNonce));
    FrameChannel.Frame challenge = channel.read(WireDescriptor.HANDSHAKE_MAX);
    if (challenge == null || challenge.type() != WireDescriptor.CHALLENGE) {
      throw new IOException("the parent closed the control channel during the handshake");
    }
    byte[] parentNonce = challenge.body().readBytes();
    if (!matches(parentMac(key, workerId, childNonce, parentNonce), challenge.body().readBytes())) {
      throw new IOException("the control channel's peer does not hold this worker's key");
    }
    awaitWarmUp(warmUp);
    channel.send(
        FrameChannel.begin(WireDescriptor.PROOF, 40)
            .writeBytes(childMac(key, workerId, parentNonce, childNonce)));
  }

  /** So that a standby worker that says it is ready is warm. */
  private static void awaitWarmUp(Thread warmUp) {
    if (warmUp != null) {
      try {
        warmUp.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Random bytes from the kernel; {@code /dev/urandom} avoids a cold JVM's slow SecureRandom
   * set-up.
   */
  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    try (InputStream in = new FileInputStream("/dev/urandom")) {
      if (in.readNBytes(b, 0, n) == n) {
        return b;
      }
    } catch (IOException notLinux) {
      // no /dev/urandom (not Linux, or a sandbox): the JDK's SecureRandom below supplies the bytes
    }
    FallbackRandom.RANDOM.nextBytes(b);
    return b;
  }

  /** Created only where /dev/urandom is missing. */
  private static final class FallbackRandom {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  public static byte[] parentMac(byte[] key, long workerId, byte[] childNonce, byte[] parentNonce) {
    return mac(key, "parent", workerId, childNonce, parentNonce);
  }

  public static byte[] childMac(byte[] key, long workerId, byte[] parentNonce, byte[] childNonce) {
    return mac(key, "child", workerId, parentNonce, childNonce);
  }

  public static byte[] parentFirstMac(byte[] key, long workerId, byte[] parentNonce) {
    return mac(key, "parent-first", workerId, parentNonce, NO_BYTES);
  }

  public static byte[] childFirstMac(byte[] key, long workerId, byte[] parentNonce) {
    return mac(key, "child-first", workerId, parentNonce, NO_BYTES);
  }

  /**
   * Whether two MACs are equal, in time that does not depend on where they differ. Not {@code
   * MessageDigest.isEqual}, whose class brings the JDK's security debugging set-up onto a cold
   * worker's way to its first job.
   */
  public static boolean matches(byte[] expected, byte[] actual) {
    if (actual == null || actual.length != expected.length) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < expected.length; i++) {
      difference |= expected[i] ^ actual[i];
    }
    return difference == 0;
  }

  private static byte[] mac(byte[] key, String role, long workerId, byte[] first, byte[] second) {
    byte[] id = ByteBuffer.allocate(Long.BYTES).putLong(0, workerId).array();
    return HmacSha256.mac(key, role.getBytes(StandardCharsets.US_ASCII), id, first, second);
  }
}
