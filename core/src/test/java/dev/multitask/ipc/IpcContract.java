package dev.multitask.ipc;

import static dev.multitask.ipc.IpcTesting.LONG_WAIT;

import dev.multitask.Context;
import dev.multitask.Job;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What the runs of the {@code dev.multitask.ipc} contract over one backend share: each backend's
 * class in {@link QueueContractTest} extends this one and nests the contract classes ({@link
 * QueueOperationContract}, {@link QueueSharingContract}); {@link PipeContract} extends it directly.
 * One context per backend serves all tests; jobs a test leaves alive are killed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class IpcContract {
  /** The context under test, shared by the tests of one backend. */
  protected Context ctx;

  /** Makes a new context of the backend under test. */
  abstract Context newContext();

  /**
   * How many elements each producer puts in the many-producers test: a backend whose every put and
   * take is a network round trip (the cluster) runs it with fewer, within the same timeout.
   */
  int elementsPerProducer() {
    return 10_000;
  }

  @BeforeAll
  void openContext() {
    ctx = newContext();
  }

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Job<?> job : ctx.activeChildren()) {
      job.kill();
      job.join(LONG_WAIT);
    }
  }

  @AfterAll
  void closeContext() {
    ctx.close();
  }
}
