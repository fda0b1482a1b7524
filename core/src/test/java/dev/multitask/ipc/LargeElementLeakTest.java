package dev.multitask.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A large queue element travels in a file of its own, written before the element is committed and
 * removed once it is taken. A producer killed in between (here: blocked in {@code put} on a full
 * queue, its file written) must not leave that file behind once the queue's owner closes the
 * queue's context: in a long-lived parent each such kill once kept the file (of the element's size,
 * in {@code /dev/shm}) until the parent exited.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LargeElementLeakTest {
  private static final int LARGE = 300_000; // over the 128 KiB a ring record holds

  private static Path dir() {
    String dir = System.getenv("MULTITASK_SHM_DIR");
    return Path.of(dir == null || dir.isBlank() ? "/dev/shm" : dir);
  }

  /** This JVM's segment files of at least {@code LARGE} bytes: large-element files. */
  private static List<String> largeFiles() throws IOException {
    String prefix = "multitask-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.toFile().length() >= LARGE)
          .map(p -> p.getFileName().toString())
          .toList();
    }
  }

  @Test
  void contextClose_afterProducerKilledWithItsLargeElementWritten_removesTheElementFile()
      throws Exception {
    assertEquals(List.of(), largeFiles(), "large-element files before the test");
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      Queue<byte[]> q = ctx.queue(1);
      q.put(new byte[8]); // full: the next put waits, its element already in its file
      Job<Void> producer = ctx.start(() -> q.put(new byte[LARGE]));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (largeFiles().isEmpty() && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertFalse(largeFiles().isEmpty(), "the producer never wrote its element's file");
      producer.kill();
      assertTrue(producer.join(Duration.ofSeconds(60)), "the killed producer did not end");
      assertEquals(1, q.size(), "the killed producer's element was never committed");
    }
    assertEquals(List.of(), largeFiles(), "large-element files left after the context closed");
  }
}
