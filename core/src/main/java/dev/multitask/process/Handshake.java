package dev.multitask.process;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
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
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(role.getBytes(StandardCharsets.US_ASCII));
      mac.update(ByteBuffer.allocate(Long.BYTES).putLong(0, workerId));
      mac.update(first);
      mac.update(second);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
