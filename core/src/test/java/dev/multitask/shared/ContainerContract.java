package dev.multitask.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.process.sync.RemoteWaits;
import dev.multitask.sync.Barrier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * What the runs of the manager contract over one backend share: each backend's class in {@link
 * ManagerContractTest} extends this one and nests the contract classes. Each test gets a new
 * context and a manager of it, closed after it (jobs still alive are killed first); after all of
 * them no shared-memory segment made by this JVM may be left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ContainerContract {
  static final Duration LONG_WAIT = Duration.ofSeconds(60);

  private Set<String> segmentsBefore;
  private Context ctx;
  private Manager manager;

  /** Makes a new context of the backend under test. */
  abstract Context newContext();

  /** Whether the backend runs jobs in other processes (values read out are then copies). */
  abstract boolean processes();

  final Context ctx() {
    return ctx;
  }

  final Manager manager() {
    return manager;
  }

  /**
   * How many updates each job makes in the many-jobs cases, given what a local backend does: {@code
   * local} unless a backend overrides it (the cluster's every update is a round trip to Redis).
   */
  int perJob(int local) {
    return local;
  }

  /**
   * Starts {@code count} jobs running {@code body} that begin it together: each waits at a barrier
   * first, so that their updates contend from the first on, however long each took to start.
   */
  final List<Job<Void>> startTogether(int count, Action body) {
    Barrier start = ctx.barrier(count);
    List<Job<Void>> jobs = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      jobs.add(
          ctx.start(
              () -> {
                start.await(LONG_WAIT);
                body.run();
              }));
    }
    return jobs;
  }

  @BeforeAll
  void listSegments() throws IOException {
    segmentsBefore = ourSegments();
  }

  @BeforeEach
  void open() {
    ctx = newContext();
    manager = ctx.manager();
  }

  @AfterEach
  void close() throws InterruptedException {
    try {
      for (Job<?> job : ctx.activeChildren()) {
        job.kill();
        job.join(LONG_WAIT);
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
  static Set<String> ourSegments() throws IOException {
    String prefix = "multitask-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(shmDirectory())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && !n.endsWith(RemoteWaits.TABLE_SUFFIX))
          .collect(Collectors.toSet());
    }
  }

  static Path shmDirectory() {
    String dir = System.getenv("MULTITASK_SHM_DIR");
    return Path.of(dir == null || dir.isBlank() ? "/dev/shm" : dir);
  }
}
