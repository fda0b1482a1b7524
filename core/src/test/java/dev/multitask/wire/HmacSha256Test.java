package dev.multitask.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The handshake's own HMAC-SHA256 must agree with the JDK's for every length that matters. */
class HmacSha256Test {

  @Test
  void sha256_everyLengthAroundBlockBoundaries_matchesJdk() throws Exception {
    Random random = new Random(1);
    for (int length = 0; length <= 300; length++) {
      byte[] message = new byte[length];
      random.nextBytes(message);
      assertArrayEquals(
          MessageDigest.getInstance("SHA-256").digest(message),
          HmacSha256.sha256(message),
          "length " + length);
    }
  }

  @Test
  void hmac_shortAndLongKeysAndSplitMessages_matchesJdk() throws Exception {
    Random random = new Random(2);
    for (int keyLength : new int[] {1, 32, 64, 65, 200}) {
      byte[] key = new byte[keyLength];
      random.nextBytes(key);
      byte[] first = new byte[random.nextInt(100)];
      byte[] second = new byte[random.nextInt(100)];
      random.nextBytes(first);
      random.nextBytes(second);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(first);
      mac.update(second);
      assertArrayEquals(
          mac.doFinal(), HmacSha256.mac(key, first, second), "key length " + keyLength);
    }
  }

  @Test
  void macs_matchOnlyWhenEveryByteAndTheLengthAgree() {
    byte[] mac = HmacSha256.mac(new byte[32], new byte[] {1, 2, 3});
    assertTrue(Handshake.matches(mac, mac.clone()));
    for (int i : new int[] {0, 17, mac.length - 1}) {
      byte[] other = mac.clone();
      other[i] ^= 1;
      assertFalse(Handshake.matches(mac, other), "byte " + i);
    }
    assertFalse(Handshake.matches(mac, Arrays.copyOf(mac, mac.length - 1)));
    assertFalse(Handshake.matches(mac, null));
  }
}
