package dev.multitask.pool;

import dev.multitask.Context;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What the runs of the {@link Pool} contract over one backend share: each backend's class in {@link
 * PoolContractTest} extends this one and nests the contract classes ({@link TaskContract}, {@link
 * MapContract}, {@link WorkerContract}). One context and one pool of two workers serve the tests
 * that leave a pool as they found it; tests of options or of a pool's end make a small pool of
 * their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class PoolContract {
  /** Where the pool's progress reports go: a test that listens sets it, and sets it back after. */
  final AtomicReference<Consumer<Progress>> progressSink = new AtomicReference<>(p -> {});

  /** The context under test. */
  protected Context ctx;

  /** Two workers; reports progress to {@link #progressSink}. */
  protected Pool pool;

  /** Makes a new context of the backend under test. */
  abstract Context newContext();

  /**
   * Whether workers are child JVMs, so that tasks run in other processes and exceptions travel
   * serialized.
   */
  abstract boolean workersAreProcesses();

  /** Whether the backend's workers are virtual threads, so that a pool's size has no limit. */
  boolean workersAreVirtualThreads() {
    return false;
  }

  @BeforeAll
  void open() {
    ctx = newContext();
    pool = ctx.pool(PoolOptions.workers(2).onProgress(p -> progressSink.get().accept(p)));
  }

  @AfterAll
  void close() {
    try {
      pool.close();
    } finally {
      ctx.close();
    }
  }
}
