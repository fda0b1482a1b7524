package dev.multitask.sync;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * The synchronization and shared-value contract ({@link LockContract}, {@link
 * CoordinationContract}, {@link SharedValueContract}) over every backend: child JVMs, platform
 * threads and virtual threads. The contract classes are nested in each backend's class, so that
 * reports name the backend ({@code SyncContractTest$Threads$Locks}).
 */
class SyncContractTest {

  @Nested
  class Processes extends SyncContract {
    @Override
    Context newContext() {
      return Multitask.processes();
    }

    @Nested
    class Locks extends LockContract {
      @Override
      Context ctx() {
        return Processes.this.ctx();
      }
    }

    @Nested
    class Coordination extends CoordinationContract {
      @Override
      Context ctx() {
        return Processes.this.ctx();
      }
    }

    @Nested
    class SharedValues extends SharedValueContract {
      @Override
      Context ctx() {
        return Processes.this.ctx();
      }
    }
  }

  @Nested
  class Threads extends SyncContract {
    @Override
    Context newContext() {
      return Multitask.threads();
    }

    @Nested
    class Locks extends LockContract {
      @Override
      Context ctx() {
        return Threads.this.ctx();
      }
    }

    @Nested
    class Coordination extends CoordinationContract {
      @Override
      Context ctx() {
        return Threads.this.ctx();
      }
    }

    @Nested
    class SharedValues extends SharedValueContract {
      @Override
      Context ctx() {
        return Threads.this.ctx();
      }
    }
  }

  @Nested
  class Coroutines extends SyncContract {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }

    @Nested
    class Locks extends LockContract {
      @Override
      Context ctx() {
        return Coroutines.this.ctx();
      }
    }

    @Nested
    class Coordination extends CoordinationContract {
      @Override
      Context ctx() {
        return Coroutines.this.ctx();
      }
    }

    @Nested
    class SharedValues extends SharedValueContract {
      @Override
      Context ctx() {
        return Coroutines.this.ctx();
      }
    }
  }
}
