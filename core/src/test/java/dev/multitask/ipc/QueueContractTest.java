package dev.multitask.ipc;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Queue} contract ({@link QueueContract}) over every backend: child JVMs, platform
 * threads and virtual threads.
 */
class QueueContractTest {

  @Nested
  class Processes extends QueueContract {
    @Override
    Context newContext() {
      return Multitask.processes();
    }
  }

  @Nested
  class Threads extends QueueContract {
    @Override
    Context newContext() {
      return Multitask.threads();
    }
  }

  @Nested
  class Coroutines extends QueueContract {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }
  }
}
