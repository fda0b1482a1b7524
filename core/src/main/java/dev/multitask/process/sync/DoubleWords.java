package dev.multitask.process.sync;

import dev.multitask.process.shm.MemoryAccess;
import java.lang.foreign.MemorySegment;

/** Atomic arithmetic on a double kept as raw bits in a shared 64-bit word. */
final class DoubleWords {
  private DoubleWords() {}

  static double addAndGet(MemorySegment m, long offset, double delta) {
    while (true) {
      long bits = MemoryAccess.longVolatile(m, offset);
      double next = Double.longBitsToDouble(bits) + delta;
      if (MemoryAccess.casLong(m, offset, bits, Double.doubleToRawLongBits(next))) {
        return next;
      }
    }
  }
}
