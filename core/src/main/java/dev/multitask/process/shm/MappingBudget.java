package dev.multitask.process.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the number of segments this JVM maps well under the kernel's limit of mappings per process
 * ({@code vm.max_map_count}, 65 530 by default), past which the JVM itself aborts on its next
 * {@code mmap}. Objects nobody holds any more are unmapped by {@link Reclaimer} once the garbage
 * collector finds them; a program that makes and drops them quickly may outrun the collector, so
 * past {@link #SOFT_LIMIT} mappings a new one first asks for a collection and waits briefly for the
 * reclaimed ones to go, as the JDK does for direct buffers.
 */
final class MappingBudget {
  /** A quarter of the kernel's limit, leaving the rest to the JVM's own heap, code and stacks. */
  static final int SOFT_LIMIT = Math.max(1024, maxMapCount() / 4);

  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private MappingBudget() {}

  /** Called before each new mapping; returns at once unless {@code open} is past the soft limit. */
  static void makeRoom(AtomicInteger open) {
    if (open.get() < SOFT_LIMIT) {
      return;
    }
    System.gc();
    long start = System.nanoTime();
    while (open.get() >= SOFT_LIMIT && System.nanoTime() - start < WAIT_NANOS) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the caller's own wait will see the flag
      }
    }
    // still over: go on, the hard limit is four times higher; the collector will catch up
  }

  private static int maxMapCount() {
    // not Files.readString: it sizes its read by the file's size, which /proc reports as 0
    try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/vm/max_map_count"))) {
      return Integer.parseInt(reader.readLine().trim());
    } catch (IOException | RuntimeException e) {
      return 65_530; // the kernel's default
    }
  }
}
