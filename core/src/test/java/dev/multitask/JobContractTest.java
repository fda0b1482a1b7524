package dev.multitask;

import org.junit.jupiter.api.Nested;

/**
 * The {@link Job} contract ({@link JobContract}) over every backend: child JVMs, platform threads
 * and virtual threads.
 */
class JobContractTest {

  @Nested
  class Processes extends JobContract {
    @Override
    Context newContext() {
      return Multitask.processes();
    }

    @Override
    String defaultNamePrefix() {
      return "Process";
    }

    @Override
    boolean runsInChildProcess() {
      return true;
    }
  }

  @Nested
  class Threads extends JobContract {
    @Override
    Context newContext() {
      return Multitask.threads();
    }

    @Override
    String defaultNamePrefix() {
      return "Thread";
    }

    @Override
    boolean runsInChildProcess() {
      return false;
    }
  }

  @Nested
  class Coroutines extends JobContract {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }

    @Override
    String defaultNamePrefix() {
      return "Coroutine";
    }

    @Override
    boolean runsInChildProcess() {
      return false;
    }
  }
}
