package dev.multitask.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.process.sync.RemoteWaits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What the runs of the {@code dev.multitask.sync} and {@code dev.multitask.shared} contract over
 * one backend share: each backend's class in {@link SyncContractTest} extends this one and nests
 * the contract classes ({@link LockContract}, {@link CoordinationContract}, {@link
 * SharedValueContract}). Each test gets a new context, closed after it (jobs still alive are killed
 * first); after all of them no shared-memory segment made by this JVM during the run may be left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SyncContract {
  private Set<String> segmentsBefore;

  /** The context of the running test. */
  private Context ctx;

  /** Makes a new context of the backend under test. */
  abstract Context newContext();

  /** The context of the running test, for the contract classes nested in each backend's class. */
  final Context ctx() {
    return ctx;
  }

  @BeforeAll
  void listSegments() throws IOException {
    segmentsBefore = ourSegments();
  }

  @BeforeEach
  void openContext() {
    ctx = newContext();
  }

  @AfterEach
  void closeContext() throws InterruptedException {
    try {
      for (Job<?> job : ctx.activeChildren()) {
        job.kill();
        job.join(SyncTesting.LONG_WAIT);
      }
    } finally {
      ctx.close();
    }
  }

  @AfterAll
  void closedContexts_leaveNoSharedMemory() throws IOException {
    Set<String> left = new HashSet<>(ourSegments());
    left.removeAll(segmentsBefore);
    assertEquals(Set.of(), left, "segments left in " + shmDirectory() + " by the closed contexts");
  }

  /** The segments named after this JVM, but for its wait-for table, which lives until it exits. */
  private static Set<String> ourSegments() throws IOException {
    String prefix = "multitask-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(shmDirectory())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && !n.endsWith(RemoteWaits.TABLE_SUFFIX))
          .collect(Collectors.toSet());
    }
  }

  private static Path shmDirectory() {
    String dir = System.getenv("MULTITASK_SHM_DIR");
    return Path.of(dir == null || dir.isBlank() ? "/dev/shm" : dir);
  }
}
