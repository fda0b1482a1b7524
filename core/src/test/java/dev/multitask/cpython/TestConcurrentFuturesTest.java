package dev.multitask.cpython;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * Runs the port of {@code Lib/test/test_concurrent_futures/} ({@link TestConcurrentFutures}) over
 * every backend: process pools as CPython's {@code ProcessPoolExecutor}, thread and coroutine pools
 * as its {@code ThreadPoolExecutor}.
 */
class TestConcurrentFuturesTest {
  @Nested
  class Processes extends PortBackend {
    @Override
    Context newContext() {
      return Multitask.processes();
    }

    @Override
    boolean processes() {
      return true;
    }

    @Nested
    class Executors extends TestConcurrentFutures {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }
  }

  @Nested
  class Threads extends PortBackend {
    @Override
    Context newContext() {
      return Multitask.threads();
    }

    @Override
    boolean processes() {
      return false;
    }

    @Nested
    class Executors extends TestConcurrentFutures {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }
  }

  @Nested
  class Coroutines extends PortBackend {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }

    @Override
    boolean processes() {
      return false;
    }

    @Nested
    class Executors extends TestConcurrentFutures {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }
  }
}
