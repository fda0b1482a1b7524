package dev.multitask.cpython;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * Runs the port of {@code Lib/test/lock_tests.py} (all its classes: {@link BaseLockTests}, {@link
 * LockTests}, {@link RLockTests}, {@link EventTests}, {@link ConditionTests}, {@link
 * BaseSemaphoreTests}, {@link SemaphoreTests}, {@link BoundedSemaphoreTests}, {@link BarrierTests})
 * over every backend. CPython's threads are platform threads of this JVM, over each backend's
 * objects (a process object is shared memory that these threads use as a child JVM's threads
 * would). Reports name the backend ({@code LockTestsTest$Processes$Events}).
 */
class LockTestsTest {
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
    class Locks extends LockTests {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class RLocks extends RLockTests {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Events extends EventTests {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Conditions extends ConditionTests {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Semaphores extends SemaphoreTests {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class BoundedSemaphores extends BoundedSemaphoreTests {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Barriers extends BarrierTests {
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
    class Locks extends LockTests {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class RLocks extends RLockTests {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Events extends EventTests {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Conditions extends ConditionTests {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Semaphores extends SemaphoreTests {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class BoundedSemaphores extends BoundedSemaphoreTests {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Barriers extends BarrierTests {
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
    class Locks extends LockTests {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class RLocks extends RLockTests {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Events extends EventTests {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Conditions extends ConditionTests {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Semaphores extends SemaphoreTests {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class BoundedSemaphores extends BoundedSemaphoreTests {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Barriers extends BarrierTests {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }
  }
}
