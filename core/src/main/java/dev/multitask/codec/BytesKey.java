package dev.multitask.codec;

import java.util.Arrays;

/**
 * An encoding as a map key: equal when the bytes are equal. The array must not change while used.
 *
 * @param bytes the encoding
 */
public record BytesKey(byte[] bytes) {
  @Override
  public boolean equals(Object o) {
    return o instanceof BytesKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "BytesKey[" + bytes.length + " bytes]";
  }
}
