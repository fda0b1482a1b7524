package dev.multitask.pool;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Pool} contract ({@link PoolContract}) over every backend: child JVMs, platform
 * threads and virtual threads.
 */
class PoolContractTest {

  @Nested
  class Processes extends PoolContract {
    @Override
    Context newContext() {
      return Multitask.processes();
    }

    @Override
    boolean workersAreProcesses() {
      return true;
    }
  }

  @Nested
  class Threads extends PoolContract {
    @Override
    Context newContext() {
      return Multitask.threads();
    }

    @Override
    boolean workersAreProcesses() {
      return false;
    }
  }

  @Nested
  class Coroutines extends PoolContract {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }

    @Override
    boolean workersAreProcesses() {
      return false;
    }
  }
}
