package dev.multitask.process;

/** temp */
public final class Tm {
  private Tm() {}
  private static final long[] T = new long[64];
  private static final String[] N = new String[64];
  private static int n;
  public static synchronized void mark(String name) { if (n < 64) { T[n] = System.nanoTime(); N[n++] = name; } }
  public static synchronized String dump() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append(N[i]).append(' ').append(T[i]).append('\n');
    n = 0;
    return b.toString();
  }
  public static void dumpTo(String file) {
    try { java.nio.file.Files.writeString(java.nio.file.Path.of(file), dump(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE); } catch (java.io.IOException e) { }
  }
}
