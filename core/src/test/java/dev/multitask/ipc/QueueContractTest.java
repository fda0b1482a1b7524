package dev.multitask.ipc;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Queue} and {@link JoinableQueue} contract ({@link QueueOperationContract}, {@link
 * QueueSharingContract}, {@link QueueIterationContract}) over every backend: child JVMs, platform
 * threads and virtual threads. The contract classes are nested in each backend's class, so that
 * reports name the backend ({@code QueueContractTest$Threads$Sharing}).
 */
class QueueContractTest {

  @Nested
  class Processes extends IpcContract {
    @Override
    Context newContext() {
      return Multitask.processes();
    }

    @Nested
    class Operations extends QueueOperationContract {
      @Override
      IpcContract backend() {
        return Processes.this;
      }
    }

    @Nested
    class Sharing extends QueueSharingContract {
      @Override
      IpcContract backend() {
        return Processes.this;
      }
    }

    @Nested
    class Iteration extends QueueIterationContract {
      @Override
      IpcContract backend() {
        return Processes.this;
      }
    }
  }

  @Nested
  class Threads extends IpcContract {
    @Override
    Context newContext() {
      return Multitask.threads();
    }

    @Nested
    class Operations extends QueueOperationContract {
      @Override
      IpcContract backend() {
        return Threads.this;
      }
    }

    @Nested
    class Sharing extends QueueSharingContract {
      @Override
      IpcContract backend() {
        return Threads.this;
      }
    }

    @Nested
    class Iteration extends QueueIterationContract {
      @Override
      IpcContract backend() {
        return Threads.this;
      }
    }
  }

  @Nested
  class Coroutines extends IpcContract {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }

    @Nested
    class Operations extends QueueOperationContract {
      @Override
      IpcContract backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Sharing extends QueueSharingContract {
      @Override
      IpcContract backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Iteration extends QueueIterationContract {
      @Override
      IpcContract backend() {
        return Coroutines.this;
      }
    }
  }
}
