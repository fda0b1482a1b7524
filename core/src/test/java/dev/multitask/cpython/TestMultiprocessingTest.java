package dev.multitask.cpython;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * Runs the port of the Process, Queue, Pipe/Connection, Value/Array, Pool and synchronization parts
 * of {@code Lib/test/_test_multiprocessing.py} ({@link TestProcess}, {@link TestMpQueue}, {@link
 * TestMpConnection}, {@link TestMpSharedValues}, {@link TestMpPool}, {@link TestMpSync}, {@link
 * TestMpBarrier}) over the backends CPython runs each on: processes for all, threads (CPython's
 * {@code multiprocessing.dummy}) and coroutines for all but Value/Array. Not ported: the manager,
 * listener/client, heap, logging, finalizer and start-method parts, which multitask does not
 * implement here. Reports name the backend ({@code TestMultiprocessingTest$Threads$Pools}).
 */
class TestMultiprocessingTest {
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
    class Jobs extends TestProcess {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Queues extends TestMpQueue {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Sync extends TestMpSync {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Barriers extends TestMpBarrier {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class SharedValues extends TestMpSharedValues {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Connections extends TestMpConnection {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Pools extends TestMpPool {
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
    class Jobs extends TestProcess {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Queues extends TestMpQueue {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Sync extends TestMpSync {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Barriers extends TestMpBarrier {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Connections extends TestMpConnection {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Pools extends TestMpPool {
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
    class Jobs extends TestProcess {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Queues extends TestMpQueue {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Sync extends TestMpSync {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Barriers extends TestMpBarrier {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Connections extends TestMpConnection {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Pools extends TestMpPool {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }
  }
}
