package dev.multitask.codec;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BytesOut} wrote. Reading past the end throws {@link IllegalArgumentException}
 * naming the position, never returns garbage.
 */
public final class BytesIn extends InputStream {
  private final byte[] buf;
  private final int end;
  private int pos;

  public BytesIn(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public BytesIn(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  private void need(int n) {
    if (n < 0 || end - pos < n) {
      throw new IllegalArgumentException(
          "truncated message: need " + n + " bytes at " + pos + ", have " + (end - pos));
    }
  }

  @Override
  public int read() {
    return pos < end ? buf[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (pos >= end) {
      return -1;
    }
    int n = Math.min(len, end - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  public int readByte() {
    need(1);
    return buf[pos++];
  }

  public int readShort() {
    need(2);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return (short) v;
  }

  public int readInt() {
    need(4);
    int v =
        ((buf[pos] & 0xff) << 24)
            | ((buf[pos + 1] & 0xff) << 16)
            | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /** Where the next read starts, as an index into the buffer. */
  public int position() {
    return pos;
  }

  /** The next byte, not consumed. */
  public int peekByte() {
    need(1);
    return buf[pos];
  }

  /** Fills {@code a} with the next {@code a.length} ints. */
  public void readInts(int[] a) {
    need(4 * a.length);
    int p = pos;
    for (int i = 0; i < a.length; i++, p += 4) {
      a[i] =
          ((buf[p] & 0xff) << 24)
              | ((buf[p + 1] & 0xff) << 16)
              | ((buf[p + 2] & 0xff) << 8)
              | (buf[p + 3] & 0xff);
    }
    pos = p;
  }

  /** Fills {@code a} with the next {@code a.length} longs. */
  public void readLongs(long[] a) {
    need(8 * a.length);
    for (int i = 0; i < a.length; i++) {
      a[i] = readLong();
    }
  }

  public long readLong() {
    return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
  }

  public byte[] readBytes() {
    int n = readInt();
    need(n);
    byte[] b = new byte[n];
    System.arraycopy(buf, pos, b, 0, n);
    pos += n;
    return b;
  }

  public String readString() {
    int n = readInt();
    if (n == -1) {
      return null;
    }
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  public int remaining() {
    return end - pos;
  }
}
