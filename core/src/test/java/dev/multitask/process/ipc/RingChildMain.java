package dev.multitask.process.ipc;

import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The child side of {@link SharedRingCrossProcessTest}. Usage:
 *
 * <ul>
 *   <li>{@code produce <ring> <count>}: put the longs {@code 0..count-1} (8 bytes, big-endian),
 *       exit.
 *   <li>{@code hold-producer <ring>}: take the producer lock, write a record body and header at
 *       {@code tail} without publishing it (a producer mid-record), print {@code LOCKED x}, sleep
 *       until killed.
 *   <li>{@code hold-consumer <ring>}: take the consumer lock, print {@code LOCKED x}, sleep until
 *       killed.
 * </ul>
 */
final class RingChildMain {
  static final byte[] TORN = "TORN".getBytes(StandardCharsets.US_ASCII);

  private RingChildMain() {}

  public static void main(String[] args) throws Exception {
    try (SharedRing ring = SharedRing.attach(args[1])) {
      switch (args[0]) {
        case "produce" -> {
          long count = Long.parseLong(args[2]);
          for (long i = 0; i < count; i++) {
            ring.put(ByteBuffer.allocate(8).putLong(i).array());
          }
        }
        case "hold-producer" -> {
          ring.producerLock().lock(Futex.FOREVER, null);
          MemorySegment m = ringMemory(ring);
          long tail = MemoryAccess.longAcquire(m, SharedRingDescriptor.TAIL_OFFSET);
          long at = SharedRingDescriptor.DATA_OFFSET + (tail & (ring.capacity() - 1));
          MemorySegment.copy(
              MemorySegment.ofArray(TORN),
              0,
              m,
              at + RingDescriptor.RECORD_HEADER_LENGTH,
              TORN.length);
          MemoryAccess.setIntRelease(m, at + RingDescriptor.TYPE_OFFSET, RingDescriptor.MESSAGE);
          MemoryAccess.setIntRelease(m, at + RingDescriptor.LENGTH_OFFSET, TORN.length);
          hang();
        }
        case "hold-consumer" -> {
          ring.consumerLock().lock(Futex.FOREVER, null);
          hang();
        }
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    }
  }

  private static MemorySegment ringMemory(SharedRing ring) {
    return SharedSegment.attach(ring.name()).memory(); // a second mapping of the same memory
  }

  private static void hang() throws InterruptedException {
    System.out.println("LOCKED x");
    System.out.flush();
    TimeUnit.MINUTES.sleep(10);
  }
}
