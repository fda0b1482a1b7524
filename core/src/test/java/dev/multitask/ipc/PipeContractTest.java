package dev.multitask.ipc;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Pipe} contract ({@link PipeContract}) over every backend: child JVMs, platform threads
 * and virtual threads.
 */
class PipeContractTest {

  @Nested
  class Processes extends PipeContract {
    @Override
    Context newContext() {
      return Multitask.processes();
    }
  }

  @Nested
  class Threads extends PipeContract {
    @Override
    Context newContext() {
      return Multitask.threads();
    }
  }

  @Nested
  class Coroutines extends PipeContract {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }
  }
}
