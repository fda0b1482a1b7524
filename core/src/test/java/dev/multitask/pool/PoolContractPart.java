package dev.multitask.pool;

import dev.multitask.Context;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * One part of the pool contract ({@link TaskContract}, {@link MapContract}, {@link
 * WorkerContract}), nested in a backend of {@link PoolContractTest}: the backend's context and its
 * pool of two workers, set before each test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class PoolContractPart {
  Context ctx;
  Pool pool;

  /** The sink of the backend's pool: where its progress reports go. */
  AtomicReference<Consumer<Progress>> progressSink;

  /** The backend under test, whose class nests this one. */
  abstract PoolContract backend();

  @BeforeEach
  void useBackend() {
    ctx = backend().ctx;
    pool = backend().pool;
    progressSink = backend().progressSink;
  }

  boolean workersAreProcesses() {
    return backend().workersAreProcesses();
  }
}
