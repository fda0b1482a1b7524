package dev.multitask.pool;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Pool} contract ({@link TaskContract}, {@link MapContract}, {@link WorkerContract})
 * over every backend: child JVMs, platform threads and virtual threads. The contract classes are
 * nested in each backend's class, so that reports name the backend ({@code
 * PoolContractTest$Threads$Mapping}).
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

    @Nested
    class Tasks extends TaskContract {
      @Override
      PoolContract backend() {
        return Processes.this;
      }
    }

    @Nested
    class Mapping extends MapContract {
      @Override
      PoolContract backend() {
        return Processes.this;
      }
    }

    @Nested
    class Workers extends WorkerContract {
      @Override
      PoolContract backend() {
        return Processes.this;
      }
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

    @Nested
    class Tasks extends TaskContract {
      @Override
      PoolContract backend() {
        return Threads.this;
      }
    }

    @Nested
    class Mapping extends MapContract {
      @Override
      PoolContract backend() {
        return Threads.this;
      }
    }

    @Nested
    class Workers extends WorkerContract {
      @Override
      PoolContract backend() {
        return Threads.this;
      }
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

    @Override
    boolean workersAreVirtualThreads() {
      return true;
    }

    @Nested
    class Tasks extends TaskContract {
      @Override
      PoolContract backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Mapping extends MapContract {
      @Override
      PoolContract backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Workers extends WorkerContract {
      @Override
      PoolContract backend() {
        return Coroutines.this;
      }
    }
  }
}
