package dev.multitask.codec;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer: cheaper than {@code ByteArrayOutputStream} + {@code
 * DataOutputStream} (no locks, no per-call stream layering) on the per-message path. Not
 * thread-safe.
 */
public final class BytesOut extends OutputStream {
  private byte[] buf;
  private int size;

  public BytesOut(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int more) {
    int need = size + more;
    if (need < 0) {
      throw new IllegalStateException(
          "message larger than 2 GiB: " + size + " + " + more + " bytes");
    }
    if (need > buf.length) {
      buf =
          Arrays.copyOf(
              buf, Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8, buf.length * 2L)));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  public BytesOut writeByte(int b) {
    write(b);
    return this;
  }

  public BytesOut writeShort(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public BytesOut writeInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public BytesOut writeLong(long v) {
    writeInt((int) (v >>> 32));
    return writeInt((int) v);
  }

  /** Writes a length-prefixed byte array. */
  public BytesOut writeBytes(byte[] b) {
    writeInt(b.length);
    write(b, 0, b.length);
    return this;
  }

  /** Writes a length-prefixed UTF-8 string; null is written as length -1. */
  public BytesOut writeString(String s) {
    if (s == null) {
      return writeInt(-1);
    }
    return writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code tag}, {@code n} and the first {@code n} elements of {@code a} packed, 4 bytes
   * each for the tag of Integers, 8 for Longs and Doubles, if they are all of that one class; else
   * writes nothing. One pass, in local variables: this runs for every map chunk, often in a JVM
   * whose JIT has not compiled it yet.
   *
   * @param a the elements
   * @param n how many, from the first
   * @param tag {@code Codec}'s tag of packed Integers, Longs or Doubles
   * @return whether they were written
   */
  boolean writePacked(Object[] a, int n, byte tag) {
    Class<?> type =
        tag == Codec.BOXED_INTS
            ? Integer.class
            : tag == Codec.BOXED_LONGS ? Long.class : Double.class;
    int width = type == Integer.class ? 4 : 8;
    ensure(5 + n * width);
    byte[] b = buf;
    int p = size;
    b[p] = tag;
    b[p + 1] = (byte) (n >>> 24);
    b[p + 2] = (byte) (n >>> 16);
    b[p + 3] = (byte) (n >>> 8);
    b[p + 4] = (byte) n;
    p += 5;
    for (int i = 0; i < n; i++) {
      Object v = a[i];
      if (v == null || v.getClass() != type) {
        return false; // size unchanged: nothing was written
      }
      long x;
      if (width == 4) {
        int y = (Integer) v;
        b[p] = (byte) (y >>> 24);
        b[p + 1] = (byte) (y >>> 16);
        b[p + 2] = (byte) (y >>> 8);
        b[p + 3] = (byte) y;
        p += 4;
        continue;
      }
      x = type == Long.class ? (Long) v : Double.doubleToRawLongBits((Double) v);
      b[p] = (byte) (x >>> 56);
      b[p + 1] = (byte) (x >>> 48);
      b[p + 2] = (byte) (x >>> 40);
      b[p + 3] = (byte) (x >>> 32);
      b[p + 4] = (byte) (x >>> 24);
      b[p + 5] = (byte) (x >>> 16);
      b[p + 6] = (byte) (x >>> 8);
      b[p + 7] = (byte) x;
      p += 8;
    }
    size = p;
    return true;
  }

  /** Overwrites 4 bytes at {@code position}, for lengths known only at the end. */
  public void putInt(int position, int v) {
    buf[position] = (byte) (v >>> 24);
    buf[position + 1] = (byte) (v >>> 16);
    buf[position + 2] = (byte) (v >>> 8);
    buf[position + 3] = (byte) v;
  }

  public int size() {
    return size;
  }

  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public void reset() {
    size = 0;
  }
}
