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
    int p = pos;
    for (int i = 0; i < a.length; i++, p += 8) {
      a[i] = longAt(buf, p);
    }
    pos = p;
  }

  /**
   * Reads {@code a.length} doubles, 8 bytes each.
   *
   * @param a where to put them
   */
  public void readDoubles(double[] a) {
    need(8 * a.length);
    int p = pos;
    for (int i = 0; i < a.length; i++, p += 8) {
      a[i] = Double.longBitsToDouble(longAt(buf, p));
    }
    pos = p;
  }

  /**
   * Reads {@code a.length} numbers into boxes: {@code 'I'} ints (4 bytes each), {@code 'J'} longs
   * or {@code 'D'} doubles (8 bytes each). One loop in local variables: a worker decodes every map
   * chunk so, often before the JIT has compiled this.
   *
   * @param a where to put them
   * @param kind {@code 'I'}, {@code 'J'} or {@code 'D'}
   */
  public void readBoxed(Object[] a, char kind) {
    need((kind == 'I' ? 4 : 8) * a.length);
    byte[] b = buf;
    int p = pos;
    if (kind == 'I') {
      for (int i = 0; i < a.length; i++, p += 4) {
        a[i] =
            ((b[p] & 0xff) << 24)
                | ((b[p + 1] & 0xff) << 16)
                | ((b[p + 2] & 0xff) << 8)
                | (b[p + 3] & 0xff);
      }
    } else if (kind == 'J') {
      for (int i = 0; i < a.length; i++, p += 8) {
        a[i] = longAt(b, p);
      }
    } else {
      for (int i = 0; i < a.length; i++, p += 8) {
        a[i] = Double.longBitsToDouble(longAt(b, p));
      }
    }
    pos = p;
  }

  private static long longAt(byte[] b, int p) {
    return ((long) (b[p] & 0xff) << 56)
        | ((long) (b[p + 1] & 0xff) << 48)
        | ((long) (b[p + 2] & 0xff) << 40)
        | ((long) (b[p + 3] & 0xff) << 32)
        | ((long) (b[p + 4] & 0xff) << 24)
        | ((b[p + 5] & 0xff) << 16)
        | ((b[p + 6] & 0xff) << 8)
        | (b[p + 7] & 0xff);
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
