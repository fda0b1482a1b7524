package dev.multitask.process;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The mutual HMAC-SHA256 challenge on the control socket. Each worker has its own random 32-byte
 * key, given to it over its standard input (never on the command line).
 *
 * <pre>
 * child  → parent  HELLO      workerId, childNonce
 * parent → child   CHALLENGE  parentNonce, HMAC(key, "parent" | workerId | childNonce | parentNonce)
 * child  → parent  PROOF      HMAC(key, "child"  | workerId | parentNonce | childNonce)
 * </pre>
 *
 * The parent reads nothing but these fixed-size frames, and deserializes nothing, until the
 * proof checks out; a peer without the key is dropped after PROOF.
 */
final class Handshake {
  static final int NONCE_BYTES = 32;
  static final int KEY_BYTES = 32;

  private Handshake() {}

  /** Random bytes from the kernel; {@code /dev/urandom} avoids a cold JVM's slow SecureRandom set-up. */
  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    try (InputStream in = new FileInputStream("/dev/urandom")) {
      if (in.readNBytes(b, 0, n) == n) {
        return b;
      }
    } catch (IOException notLinux) {
      // fall through
    }
    FallbackRandom.RANDOM.nextBytes(b);
    return b;
  }

  /** Created only where /dev/urandom is missing. */
  private static final class FallbackRandom {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  static byte[] parentMac(byte[] key, long workerId, byte[] childNonce, byte[] parentNonce) {
    return mac(key, "parent", workerId, childNonce, parentNonce);
  }

  static byte[] childMac(byte[] key, long workerId, byte[] parentNonce, byte[] childNonce) {
    return mac(key, "child", workerId, parentNonce, childNonce);
  }

  static boolean matches(byte[] expected, byte[] actual) {
    return actual != null && MessageDigest.isEqual(expected, actual);
  }

  private static byte[] mac(byte[] key, String role, long workerId, byte[] first, byte[] second) {
    byte[] id = ByteBuffer.allocate(Long.BYTES).putLong(0, workerId).array();
    return HmacSha256.mac(key, role.getBytes(StandardCharsets.US_ASCII), id, first, second);
  }
}
